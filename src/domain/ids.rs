//! Record identifiers. UUID strings rather than auto-increment keys, so records made on
//! several tablets can be merged without clashes.

use std::fmt;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A fresh random (v4) id.
            pub fn random() -> Self {
                Self(Uuid::new_v4())
            }

            pub fn from_uuid(uuid: Uuid) -> Self {
                Self(uuid)
            }

            /// Parses the hyphenated form stored in IndexedDB and in exports.
            pub fn parse(text: &str) -> Option<Self> {
                Uuid::parse_str(text.trim()).ok().map(Self)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }
    };
}

uuid_id!(
    /// A class (registration group) on this or another device.
    ClassId
);
uuid_id!(
    /// A pupil. Stable across devices: merges match on it first.
    PupilId
);
uuid_id!(
    /// One administration of one check to one pupil.
    SessionId
);
uuid_id!(
    /// The device (tablet, laptop) that wrote a record; made once per browser profile.
    DeviceId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text_and_json() {
        let id = PupilId::random();
        assert_eq!(PupilId::parse(&id.to_string()), Some(id));
        let json = serde_json::to_string(&id).expect("serialises");
        assert_eq!(json, format!("\"{id}\""));
        assert_eq!(serde_json::from_str::<PupilId>(&json).expect("parses"), id);
    }

    #[test]
    fn random_ids_differ_and_bad_text_is_rejected() {
        assert_ne!(ClassId::random(), ClassId::random());
        assert_eq!(SessionId::parse("not-a-uuid"), None);
        assert_eq!(DeviceId::parse(""), None);
    }
}
