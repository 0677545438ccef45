//! The replicator against a real CouchDB-compatible server (ignored unless asked for):
//! `READBY7_COUCH=http://127.0.0.1:5985 cargo test --test sync_live -- --ignored --nocapture`
//! with `pouchdb-server --in-memory --port 5985` (or Apache CouchDB) running. A minimal HTTP/1.1
//! client over std's TcpStream stands in for the browser's fetch.
#![cfg(not(target_arch = "wasm32"))]

use std::io::{Read, Write};
use std::net::TcpStream;

use readby7::domain::ids::{DeviceId, PupilId};
use readby7::domain::model::{Gender, Pupil, YearGroup};
use readby7::domain::sync::{
    Action, HttpRequest, HttpResponse, JoinSettings, LocalSnapshot, Method, NoAnswer, Replicator,
    SchoolKey, SyncConfig, SyncError, SyncRecord,
};
use time::macros::{date, datetime};

fn http(req: &HttpRequest) -> Result<HttpResponse, NoAnswer> {
    let rest = req.url.strip_prefix("http://").ok_or(NoAnswer)?;
    let (host, path) = rest
        .split_once('/')
        .map_or((rest, "/".to_string()), |(h, p)| (h, format!("/{p}")));
    let mut stream = TcpStream::connect(host).map_err(|_| NoAnswer)?;
    let method = match req.method {
        Method::Get => "GET",
        Method::Put => "PUT",
        Method::Post => "POST",
    };
    let body = req.body.clone().unwrap_or_default();
    let mut text = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in &req.headers {
        text.push_str(&format!("{k}: {v}\r\n"));
    }
    text.push_str("\r\n");
    text.push_str(&body);
    stream.write_all(text.as_bytes()).map_err(|_| NoAnswer)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).map_err(|_| NoAnswer)?;
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, payload) = raw.split_once("\r\n\r\n").ok_or(NoAnswer)?;
    let status: u16 = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or(NoAnswer)?;
    let body = if head.to_lowercase().contains("transfer-encoding: chunked") {
        let mut out = String::new();
        let mut rest = payload;
        while let Some((size, tail)) = rest.split_once("\r\n") {
            let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
            if n == 0 {
                break;
            }
            out.push_str(&tail[..n.min(tail.len())]);
            rest = tail.get(n + 2..).unwrap_or("");
        }
        out
    } else {
        payload.to_string()
    };
    Ok(HttpResponse { status, body })
}

#[derive(Default)]
struct Side {
    records: Vec<SyncRecord>,
    writes: Vec<readby7::domain::sync::LocalWrite>,
}

fn round(
    server: &str,
    db: &str,
    key: SchoolKey,
    side: &mut Side,
    device: u8,
) -> Result<usize, SyncError> {
    let mut counter: u64 = u64::from(device) << 40
        | (std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_micros() as u64)
            & 0xff_ffff_ffff);
    let mut states = Vec::new();
    for w in &side.writes {
        states.retain(|s: &readby7::domain::sync::DocState| {
            !w.states.iter().any(|n| n.doc_id == s.doc_id)
        });
        states.extend(w.states.clone());
    }
    let mut r = Replicator::new(
        SyncConfig {
            join: JoinSettings {
                server: server.into(),
                database: db.into(),
                user: "lead".into(),
                password: "right-password".into(),
                key,
            },
            device_id: DeviceId::random(),
            device_label: format!("live {device}"),
            recordings: false,
            batch_size: 2,
        },
        LocalSnapshot {
            records: side.records.clone(),
            states,
            pull_checkpoint: side
                .writes
                .iter()
                .rev()
                .find_map(|w| w.pull_checkpoint.clone()),
        },
        format!("live-{device}-{counter}"),
        datetime!(2026-12-02 07:00 UTC),
        Box::new(move || {
            counter += 1;
            let mut n = [0u8; 12];
            n[4..].copy_from_slice(&counter.to_be_bytes());
            n
        }),
    );
    let mut action = r.start();
    let mut requests = 0;
    loop {
        action = match action {
            Action::Http(req) => {
                requests += 1;
                let reply = http(&req);
                eprintln!(
                    "{:?} {} -> {:?}",
                    req.method,
                    req.url,
                    reply.as_ref().map(|r| r.status)
                );
                r.on_http(reply)
            }
            Action::Write(w) => {
                for put in &w.puts {
                    side.records.retain(|x| x.key() != put.record.key());
                    side.records.push(put.record.clone());
                }
                side.writes.push(w);
                r.on_written()
            }
            Action::Done(report) => {
                eprintln!("done: {report:?}");
                return Ok(requests);
            }
            Action::Failed(e) => return Err(e),
        };
    }
}

#[test]
#[ignore]
fn the_replicator_speaks_to_a_real_server() {
    let Ok(server) = std::env::var("READBY7_COUCH") else {
        eprintln!("READBY7_COUCH is not set");
        return;
    };
    let db = format!("live{}", std::process::id());
    let key = SchoolKey::from_bytes([9; 16]);
    let pupils: Vec<SyncRecord> = (0..5)
        .map(|i| {
            SyncRecord::Pupils(Pupil {
                id: PupilId::random(),
                upn: None,
                forename: format!("Livia{i}"),
                surname: "Testpupil".into(),
                date_of_birth: date!(2019 - 10 - 01),
                gender: Gender::Female,
                year_group: YearGroup::Year1,
                class_id: None,
                disadvantaged: false,
                send: false,
                eal: false,
                archived: false,
                updated_at: datetime!(2026-12-02 07:00 UTC),
                device_id: DeviceId::random(),
            })
        })
        .collect();
    let mut a = Side {
        records: pupils.clone(),
        ..Side::default()
    };
    round(&server, &db, key.clone(), &mut a, 1).expect("first device pushes");
    let mut b = Side::default();
    round(&server, &db, key.clone(), &mut b, 2).expect("second device pulls");
    let mut got: Vec<_> = b
        .records
        .iter()
        .filter(|r| matches!(r, SyncRecord::Pupils(_)))
        .cloned()
        .collect();
    let mut want = pupils;
    got.sort_by_key(|r| r.key());
    want.sort_by_key(|r| r.key());
    assert_eq!(got, want);
    // A second round of the same device resumes from its checkpoint.
    round(&server, &db, key, &mut b, 2).expect("again");
    let mut wrong = Side::default();
    assert_eq!(
        round(&server, &db, SchoolKey::from_bytes([8; 16]), &mut wrong, 3),
        Err(SyncError::WrongKey)
    );
    assert!(wrong.writes.is_empty());
}
