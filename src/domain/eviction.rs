//! Browsers that may delete the app's data on their own: WebKit's 7-day rule.
//!
//! Since Safari 13.1 / iOS and iPadOS 13.4 (WebKit, "Full Third-Party Cookie Blocking and More",
//! March 2020), WebKit deletes all of a website's script-writable storage (IndexedDB, local
//! storage, the service worker and its cache) after seven days of browser use without the user
//! interacting with the site. A web app added to the Home Screen (or, on a Mac, to the Dock) is
//! not part of Safari: it has its own counter of days of use, so its data is not deleted
//! (John Wilander's note on the same post). Every browser on iPhone and iPad runs WebKit, so the
//! rule is treated as applying to all of them; on a Mac only Safari uses it.
//!
//! An installed web app keeps its own data, apart from the browser's: moving to it means making
//! a backup in the browser and restoring it in the app, which is why the notice says so.

use time::OffsetDateTime;

/// What the UI reads from the browser (navigator.userAgent, `display-mode: standalone` or
/// navigator.standalone, navigator.maxTouchPoints).
#[derive(Debug, Clone, Copy)]
pub struct BrowserFacts<'a> {
    pub user_agent: &'a str,
    /// Running as an installed app (from the Home Screen or the Dock).
    pub standalone: bool,
    pub max_touch_points: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    IPhone,
    IPad,
    Mac,
}

impl Platform {
    pub fn device(self) -> &'static str {
        match self {
            Platform::IPhone => "iPhone",
            Platform::IPad => "iPad",
            Platform::Mac => "Mac",
        }
    }

    /// "an iPad", "a Mac".
    pub fn a_device(self) -> &'static str {
        match self {
            Platform::IPhone => "an iPhone",
            Platform::IPad => "an iPad",
            Platform::Mac => "a Mac",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageRule {
    /// The browser keeps the data until the user clears it.
    Kept,
    /// WebKit may delete everything after 7 days without a visit.
    SevenDayDeletion(Platform),
    /// An installed web app: exempt from the 7-day rule.
    Installed(Platform),
}

/// The WebKit platform the browser runs on, if any.
fn webkit_platform(ua: &str, max_touch_points: u32) -> Option<Platform> {
    if ua.contains("iPhone") || ua.contains("iPod") {
        return Some(Platform::IPhone);
    }
    if ua.contains("iPad") {
        return Some(Platform::IPad);
    }
    if ua.contains("Macintosh") {
        // iPadOS 13+ Safari asks for desktop sites with a Mac user agent; a touch screen
        // gives it away (no Mac has one).
        if max_touch_points > 1 {
            return Some(Platform::IPad);
        }
        let other_engine = ["Chrome/", "Chromium/", "Edg/", "Firefox/", "OPR/"]
            .iter()
            .any(|marker| ua.contains(marker));
        if ua.contains("Safari/") && ua.contains("Version/") && !other_engine {
            return Some(Platform::Mac);
        }
    }
    None
}

pub fn storage_rule(facts: BrowserFacts<'_>) -> StorageRule {
    match webkit_platform(facts.user_agent, facts.max_touch_points) {
        None => StorageRule::Kept,
        Some(p) if facts.standalone => StorageRule::Installed(p),
        Some(p) => StorageRule::SevenDayDeletion(p),
    }
}

/// Whole days since the last backup on this device, `None` if there never was one. A backup
/// stamped in the future (a clock put back) counts as today.
pub fn days_since_backup(last_backup: Option<OffsetDateTime>, now: OffsetDateTime) -> Option<i64> {
    last_backup.map(|last| (now - last).whole_days().max(0))
}

/// "The last backup was made 3 days ago."
pub fn backup_age_text(days: Option<i64>) -> String {
    match days {
        None => "No backup has been made on this device yet.".to_string(),
        Some(0) => "The last backup was made today.".to_string(),
        Some(1) => "The last backup was made 1 day ago.".to_string(),
        Some(n) => format!("The last backup was made {n} days ago."),
    }
}

/// What the Classes page says about the 7-day rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvictionNotice {
    pub platform: Platform,
    pub installed: bool,
    pub headline: String,
    pub detail: String,
    pub backup: String,
}

pub fn eviction_notice(
    facts: BrowserFacts<'_>,
    last_backup: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> Option<EvictionNotice> {
    let backup = backup_age_text(days_since_backup(last_backup, now));
    match storage_rule(facts) {
        StorageRule::Kept => None,
        StorageRule::SevenDayDeletion(platform) => {
            let place = match platform {
                Platform::Mac => "the Dock",
                _ => "the Home Screen",
            };
            Some(EvictionNotice {
                platform,
                installed: false,
                headline: "This browser may delete ReadBy7's results after a week away."
                    .to_string(),
                detail: format!(
                    "On {device}, Safari deletes everything a website keeps when it has not been \
                     opened for 7 days. An app on {place} keeps its data: add ReadBy7 to {place} \
                     and open it from there. The app starts empty, so make a backup here first \
                     and restore it in the app (Records).",
                    device = platform.a_device(),
                ),
                backup,
            })
        }
        StorageRule::Installed(platform) => Some(EvictionNotice {
            platform,
            installed: true,
            headline: "ReadBy7 is installed: Safari's 7-day rule does not delete its data."
                .to_string(),
            detail: format!(
                "The results are still kept only on this {}: back them up every week.",
                platform.device()
            ),
            backup,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const IPAD: &str = "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    const IPAD_DESKTOP: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";
    const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
    const IPHONE_CHROME: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1";
    const MAC_CHROME: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    const MAC_FIREFOX: &str =
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0";
    const LINUX_CHROMIUM: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36";
    const ANDROID: &str = "Mozilla/5.0 (Linux; Android 14; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    fn facts(user_agent: &str, standalone: bool, max_touch_points: u32) -> BrowserFacts<'_> {
        BrowserFacts {
            user_agent,
            standalone,
            max_touch_points,
        }
    }

    #[test]
    fn safari_on_apple_devices_may_delete() {
        assert_eq!(
            storage_rule(facts(IPAD, false, 5)),
            StorageRule::SevenDayDeletion(Platform::IPad)
        );
        assert_eq!(
            storage_rule(facts(IPAD_DESKTOP, false, 5)),
            StorageRule::SevenDayDeletion(Platform::IPad)
        );
        assert_eq!(
            storage_rule(facts(IPHONE, false, 5)),
            StorageRule::SevenDayDeletion(Platform::IPhone)
        );
        // Every iOS browser is WebKit.
        assert_eq!(
            storage_rule(facts(IPHONE_CHROME, false, 5)),
            StorageRule::SevenDayDeletion(Platform::IPhone)
        );
        // The same user agent without touch is Safari on a Mac.
        assert_eq!(
            storage_rule(facts(IPAD_DESKTOP, false, 0)),
            StorageRule::SevenDayDeletion(Platform::Mac)
        );
    }

    #[test]
    fn installed_apps_are_exempt() {
        assert_eq!(
            storage_rule(facts(IPAD, true, 5)),
            StorageRule::Installed(Platform::IPad)
        );
        assert_eq!(
            storage_rule(facts(IPHONE, true, 5)),
            StorageRule::Installed(Platform::IPhone)
        );
    }

    #[test]
    fn other_browsers_keep_the_data() {
        for ua in [MAC_CHROME, MAC_FIREFOX, LINUX_CHROMIUM, ANDROID, ""] {
            assert_eq!(storage_rule(facts(ua, false, 0)), StorageRule::Kept, "{ua}");
            assert_eq!(storage_rule(facts(ua, true, 0)), StorageRule::Kept, "{ua}");
        }
        // A touch screen alone (Android tablet, Chromebook) is not an iPad.
        assert_eq!(storage_rule(facts(ANDROID, false, 10)), StorageRule::Kept);
        assert_eq!(
            storage_rule(facts(LINUX_CHROMIUM, false, 10)),
            StorageRule::Kept
        );
    }

    #[test]
    fn days_since_backup_counts_whole_days() {
        let now = datetime!(2026-12-02 09:00 UTC);
        assert_eq!(days_since_backup(None, now), None);
        assert_eq!(
            days_since_backup(Some(datetime!(2026-12-02 08:00 UTC)), now),
            Some(0)
        );
        assert_eq!(
            days_since_backup(Some(datetime!(2026-12-01 08:00 UTC)), now),
            Some(1)
        );
        assert_eq!(
            days_since_backup(Some(datetime!(2026-11-22 09:00 UTC)), now),
            Some(10)
        );
        assert_eq!(
            days_since_backup(Some(datetime!(2026-12-05 09:00 UTC)), now),
            Some(0)
        );
        assert_eq!(
            backup_age_text(None),
            "No backup has been made on this device yet."
        );
        assert_eq!(backup_age_text(Some(0)), "The last backup was made today.");
        assert_eq!(
            backup_age_text(Some(1)),
            "The last backup was made 1 day ago."
        );
        assert_eq!(
            backup_age_text(Some(10)),
            "The last backup was made 10 days ago."
        );
    }

    #[test]
    fn the_notice_says_what_the_rule_means_here() {
        let now = datetime!(2026-12-02 09:00 UTC);
        let three_days = Some(datetime!(2026-11-29 09:00 UTC));
        assert_eq!(
            eviction_notice(facts(LINUX_CHROMIUM, false, 0), three_days, now),
            None
        );

        let risk = eviction_notice(facts(IPAD, false, 5), three_days, now).expect("a notice");
        assert!(!risk.installed);
        assert!(
            risk.headline.contains("after a week away"),
            "{}",
            risk.headline
        );
        assert!(
            risk.detail.starts_with("On an iPad, Safari deletes"),
            "{}",
            risk.detail
        );
        assert!(risk.detail.contains("the Home Screen"));
        assert_eq!(risk.backup, "The last backup was made 3 days ago.");

        let mac = eviction_notice(facts(IPAD_DESKTOP, false, 0), None, now).expect("a notice");
        assert!(mac.detail.contains("the Dock"));
        assert_eq!(mac.backup, "No backup has been made on this device yet.");

        let safe = eviction_notice(facts(IPHONE, true, 5), three_days, now).expect("a notice");
        assert!(safe.installed);
        assert!(safe.headline.contains("does not delete"));
        assert!(safe.detail.contains("back them up"));
        assert_eq!(safe.backup, "The last backup was made 3 days ago.");
    }
}
