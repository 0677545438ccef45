//! Links that open cold: which in-app URLs a plain static host can answer, and the form of the
//! links the app gives a person.
//!
//! ReadBy7 routes in the browser, so `/classes` or `/report/<pupil>` are not files. The service
//! worker answers them once the app has been opened, and a host with a single-page fallback rule
//! answers them always; a plain static host (GitHub Pages, a school's web server) answers 404.
//! So the build writes a real entry file, a copy of `index.html`, for every route in
//! `entry_routes.json`:
//! - a fixed route (`/practice`) gets `practice/index.html`: the host answers `/practice` with
//!   a redirect to `/practice/` (the fragment of a practice link survives a redirect);
//! - a route with an id (`/report/:id`) cannot have a file per id, so its *cold form*
//!   `/report/?id=<id>` is served by `report/index.html`.
//!
//! Before the router starts, [`canonical_path`] turns either form back into the path the router
//! knows (`/practice`, `/report/<id>`), so the old forms keep working wherever they worked.

use std::sync::OnceLock;

use serde::Deserialize;

/// The routes of `entry_routes.json` (shared with `tools/post-build.mjs`).
#[derive(Debug, Deserialize)]
pub struct EntryRoutes {
    /// Routes without parameters: each gets `<route>/index.html`.
    pub fixed: Vec<String>,
    /// Prefixes of `<prefix>/:id` routes: each gets `<prefix>/index.html` for `?id=`.
    pub with_id: Vec<String>,
    /// Routes only reached from inside the app (service worker or fallback rule needed).
    pub in_app_only: Vec<String>,
}

/// The query parameter that carries the id in a cold link.
pub const ID_PARAM: &str = "id";

pub fn routes() -> &'static EntryRoutes {
    static ROUTES: OnceLock<EntryRoutes> = OnceLock::new();
    ROUTES.get_or_init(|| {
        // A file compiled into the binary and checked by the tests below: it cannot fail at run
        // time without failing them first.
        serde_json::from_str(include_str!("entry_routes.json"))
            .unwrap_or_else(|e| panic!("entry_routes.json does not parse: {e}"))
    })
}

/// The entry files the build writes, relative to `dist/` (what post-build.mjs also computes).
pub fn entry_files() -> Vec<String> {
    let r = routes();
    let mut files: Vec<String> = r
        .fixed
        .iter()
        .chain(r.with_id.iter())
        .map(|route| format!("{}/index.html", route.trim_start_matches('/')))
        .collect();
    files.sort();
    files.dedup();
    files
}

/// The link to give a person for `<prefix>/<id>`: `/report/?id=<id>`, which a plain static host
/// opens cold. `prefix` must be one of the `with_id` routes.
pub fn cold_link(prefix: &str, id: &str) -> String {
    debug_assert!(
        routes().with_id.iter().any(|p| p == prefix),
        "{prefix} has no entry file"
    );
    let query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair(ID_PARAM, id)
        .finish();
    format!("{prefix}/?{query}")
}

/// The parent's report of one pupil, as a link that opens cold.
pub fn report_link(pupil: &str) -> String {
    cold_link("/report", pupil)
}

/// The printable child's copy of a passage, opened in a new tab.
pub fn print_passage_link(passage: &str) -> String {
    cold_link("/print/passage", passage)
}

/// The path and query the router should see instead of `pathname` + `search`, or `None` when
/// they are already canonical. Strips `index.html` and a trailing slash, and moves the id of a
/// cold link back into the path. The fragment is not touched (the caller keeps it).
pub fn canonical_path(pathname: &str, search: &str) -> Option<String> {
    let mut path = pathname.strip_suffix("index.html").unwrap_or(pathname);
    while path.len() > 1 && path.ends_with('/') {
        path = &path[..path.len() - 1];
    }
    let path = if path.is_empty() { "/" } else { path };
    let query = search.strip_prefix('?').unwrap_or(search);

    if routes().with_id.iter().any(|p| p == path) {
        let mut pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if let Some(at) = pairs
            .iter()
            .position(|(k, v)| k == ID_PARAM && !v.is_empty())
        {
            let (_, id) = pairs.remove(at);
            let mut url = format!("{path}/{}", encode_segment(&id));
            if !pairs.is_empty() {
                url.push('?');
                url.push_str(
                    &form_urlencoded::Serializer::new(String::new())
                        .extend_pairs(pairs.iter())
                        .finish(),
                );
            }
            return Some(url);
        }
    }
    if path == pathname {
        return None;
    }
    // Only the path changed: the query stays exactly as it came.
    Some(if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    })
}

/// Percent-encodes one path segment (ids are UUIDs and slugs; anything else stays harmless).
fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_parse_and_have_no_duplicates() {
        let r = routes();
        assert!(r.fixed.contains(&"/practice".to_string()));
        assert!(r.with_id.contains(&"/report".to_string()));
        for list in [&r.fixed, &r.with_id, &r.in_app_only] {
            let mut sorted = list.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), list.len(), "duplicate in {list:?}");
            assert!(
                list.iter().all(|p| p.starts_with('/') && !p.ends_with('/')),
                "{list:?}"
            );
        }
    }

    #[test]
    fn entry_files_cover_every_fixed_route_and_prefix() {
        let files = entry_files();
        for f in [
            "practice/index.html",
            "classes/index.html",
            "settings/index.html",
            "progress/index.html",
            "records/index.html",
            "report/index.html",
            "print/passage/index.html",
        ] {
            assert!(files.contains(&f.to_string()), "{f} missing from {files:?}");
        }
        // /classes is both fixed and a prefix: one file.
        assert_eq!(
            files.iter().filter(|f| *f == "classes/index.html").count(),
            1
        );
    }

    /// Every route the UI declares is either openable cold or listed as in-app only, so a new
    /// route cannot silently 404 on a plain host (the bug `sirv --single` once hid).
    #[test]
    fn every_ui_route_is_covered() {
        fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir)
                .expect("src/ui is readable")
                .flatten()
            {
                let path = entry.path();
                if path.is_dir() {
                    rust_files(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(path);
                }
            }
        }
        let mut files = Vec::new();
        rust_files(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui"),
            &mut files,
        );
        let mut declared = Vec::new();
        for file in files {
            let text = std::fs::read_to_string(&file).expect("source is readable");
            for part in text.split("path!(\"").skip(1) {
                if let Some(end) = part.find('"') {
                    declared.push(part[..end].to_string());
                }
            }
        }
        assert!(
            declared.len() >= 10,
            "found only {declared:?}: has the router moved?"
        );
        let r = routes();
        for route in declared {
            let covered = route == "/"
                || r.fixed.contains(&route)
                || r.with_id.contains(&route)
                || r.in_app_only.contains(&route)
                || route
                    .strip_suffix("/:id")
                    .is_some_and(|prefix| r.with_id.iter().any(|p| p == prefix));
            assert!(covered, "route {route} is not in entry_routes.json");
        }
    }

    #[test]
    fn cold_links_carry_the_id_in_the_query() {
        assert_eq!(report_link("0b6c-41"), "/report/?id=0b6c-41");
        assert_eq!(
            print_passage_link("l4-the-cat"),
            "/print/passage/?id=l4-the-cat"
        );
        assert_eq!(cold_link("/pupils", "a b&c"), "/pupils/?id=a+b%26c");
    }

    #[test]
    fn cold_links_come_back_to_the_router_path() {
        assert_eq!(
            canonical_path("/report/", "?id=0b6c-41").as_deref(),
            Some("/report/0b6c-41")
        );
        assert_eq!(
            canonical_path("/print/passage/", "?id=l4-the-cat").as_deref(),
            Some("/print/passage/l4-the-cat")
        );
        assert_eq!(
            canonical_path("/report/index.html", "?id=x").as_deref(),
            Some("/report/x")
        );
        // Other parameters stay; an odd id is encoded as one path segment.
        assert_eq!(
            canonical_path("/pupils/", "?id=a+b%26c&tab=2").as_deref(),
            Some("/pupils/a%20b%26c?tab=2")
        );
        for (path, search) in [
            ("/report/", "?id=0b6c-41"),
            ("/pupils/", "?id=a+b%26c"),
            ("/print/passage", "?id=x"),
        ] {
            let link = canonical_path(path, search).expect("rewritten");
            let (p, q) = link.split_once('?').unwrap_or((&link, ""));
            assert_eq!(canonical_path(p, q), None, "{link} is canonical");
        }
    }

    #[test]
    fn entry_file_paths_lose_their_slash() {
        assert_eq!(
            canonical_path("/practice/", "").as_deref(),
            Some("/practice")
        );
        assert_eq!(canonical_path("/classes/", "").as_deref(), Some("/classes"));
        assert_eq!(canonical_path("/index.html", "").as_deref(), Some("/"));
        assert_eq!(
            canonical_path("/settings//", "?x=1").as_deref(),
            Some("/settings?x=1")
        );
        assert_eq!(
            canonical_path("/check/fluency/new/", "?pupil=p1").as_deref(),
            Some("/check/fluency/new?pupil=p1")
        );
    }

    #[test]
    fn canonical_paths_are_left_alone() {
        for (path, search) in [
            ("/", ""),
            ("/practice", ""),
            ("/report/0b6c-41", ""),
            ("/classes", "?x=1"),
            // A prefix without an id, or with an empty one, stays for the router to refuse.
            ("/report", ""),
            ("/report", "?id="),
            ("/settings", "?id=7"),
        ] {
            assert_eq!(canonical_path(path, search), None, "{path}{search}");
        }
    }
}
