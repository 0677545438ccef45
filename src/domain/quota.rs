//! How the Settings page talks about the device's storage.

/// Bytes in the units people see on their devices (decimal, like phones and tablets report).
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["bytes", "kB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if value >= 100.0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// The browser's answer to `navigator.storage.estimate()`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StorageEstimate {
    pub usage: u64,
    pub quota: u64,
}

impl StorageEstimate {
    pub fn available(self) -> u64 {
        self.quota.saturating_sub(self.usage)
    }

    /// A plain sentence for the Settings page.
    pub fn summary(self) -> String {
        format!(
            "{} used, {} available",
            human_bytes(self.usage),
            human_bytes(self.available())
        )
    }

    /// Below this the app warns before a check rather than after a failed write.
    pub fn is_nearly_full(self) -> bool {
        const MIN_FREE: u64 = 20_000_000;
        self.available() < MIN_FREE
    }
}

/// What the browser said when asked to keep this site's data through storage pressure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Persistence {
    Granted,
    NotGranted,
    Unsupported,
}

impl Persistence {
    pub fn explanation(self) -> &'static str {
        match self {
            Persistence::Granted => {
                "Granted: the browser will not clear ReadBy7's data to free space."
            }
            Persistence::NotGranted => {
                "Not granted: the browser may clear ReadBy7's data if the device runs out of space. \
                 Installing the app (Add to Home Screen) usually grants it. Keep backups."
            }
            Persistence::Unsupported => {
                "This browser cannot promise to keep the data. Keep backups."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_read_like_a_device_settings_screen() {
        let cases = [
            (0, "0 bytes"),
            (999, "999 bytes"),
            (1_000, "1.0 kB"),
            (1_536, "1.5 kB"),
            (250_000, "250 kB"),
            (12_345_678, "12.3 MB"),
            (2_000_000_000, "2.0 GB"),
            (5_000_000_000_000_000, "5000 TB"),
        ];
        for (bytes, text) in cases {
            assert_eq!(human_bytes(bytes), text, "{bytes}");
        }
    }

    #[test]
    fn estimate_summary_and_full_warning() {
        let e = StorageEstimate {
            usage: 1_200_000,
            quota: 2_000_000_000,
        };
        assert_eq!(e.summary(), "1.2 MB used, 2.0 GB available");
        assert!(!e.is_nearly_full());
        let full = StorageEstimate {
            usage: 990_000_000,
            quota: 1_000_000_000,
        };
        assert!(full.is_nearly_full());
        let over = StorageEstimate { usage: 5, quota: 1 };
        assert_eq!(over.available(), 0);
    }
}
