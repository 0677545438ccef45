//! Item analysis: a class × GPC heatmap of screening items missed, and the GPCs to reteach
//! (rules in the module guide above).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::screening::PupilResult;
use super::{Analytics, Scope, Share, Window};
use crate::domain::ids::ClassId;
use crate::domain::model::{CheckSession, YearGroup};
use crate::domain::phonics::{self, Catalogue};
use crate::domain::screening::score::{focus_gpc, BLENDING};

/// One GPC column, with what a label needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeatColumn {
    pub gpc_id: String,
    /// "ai", "a-e", or "Blending".
    pub grapheme: String,
    /// "/ai/", or "words of single letters".
    pub phoneme: String,
}

/// Pupils who got at least one item of this focus wrong, of those who read one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeatCell {
    pub missed: usize,
    pub tested: usize,
}

impl HeatCell {
    pub fn share(self) -> Share {
        Share::new(self.missed, self.tested)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeatRow {
    /// `None` for pupils in no class.
    pub class_id: Option<ClassId>,
    /// The class's name; "No class", or "Class not found" for a class id with no record.
    pub name: String,
    pub year_group: Option<YearGroup>,
    /// Pupils of this row with a screening mark in the window.
    pub marked: usize,
    /// One per [`Heatmap::columns`] entry.
    pub cells: Vec<HeatCell>,
}

/// A GPC to reteach across the scope.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GpcNeed {
    pub column: HeatColumn,
    pub cell: HeatCell,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heatmap {
    pub window: Window,
    pub columns: Vec<HeatColumn>,
    pub rows: Vec<HeatRow>,
    /// The whole scope, one cell per column.
    pub total: Vec<HeatCell>,
    /// The top GPCs to reteach, most pupils first.
    pub reteach: Vec<GpcNeed>,
}

/// Where a GPC goes: blending first, then the programme order, then the catalogue's order for
/// any GPC the programme order does not list.
fn column_order(catalogue: Option<&Catalogue>, order: &[String]) -> HashMap<String, usize> {
    let mut position: HashMap<String, usize> = HashMap::new();
    position.insert(BLENDING.to_string(), 0);
    for id in order {
        let next = position.len();
        position.entry(id.clone()).or_insert(next);
    }
    for g in catalogue.map_or(&[][..], Catalogue::all) {
        let next = position.len();
        position.entry(g.id.as_str().to_string()).or_insert(next);
    }
    position
}

fn column(catalogue: Option<&Catalogue>, id: &str) -> HeatColumn {
    let gpc = catalogue.and_then(|c| c.gpc(id));
    HeatColumn {
        gpc_id: id.to_string(),
        grapheme: gpc.map_or_else(
            || {
                if id == BLENDING {
                    "Blending".to_string()
                } else {
                    id.to_string()
                }
            },
            |g| g.grapheme.to_string(),
        ),
        phoneme: gpc.map_or_else(
            || {
                if id == BLENDING {
                    "words of single letters".to_string()
                } else {
                    String::new()
                }
            },
            |g| g.phoneme.to_string(),
        ),
    }
}

/// Each focus GPC in a check: whether any of its marked items was read wrongly. Focus GPCs are
/// memoised by breakdown, as the same words recur across a school's checks.
fn focus_misses<'s>(
    session: &'s CheckSession,
    catalogue: &'static Catalogue,
    cache: &mut HashMap<&'s [String], &'static str>,
) -> Vec<(&'static str, bool)> {
    let mut out: Vec<(&'static str, bool)> = Vec::new();
    for (item, response) in session.items.iter().zip(&session.responses) {
        let Some(response) = response else { continue };
        let focus = *cache
            .entry(item.gpcs.as_slice())
            .or_insert_with(|| focus_gpc(catalogue, &item.gpcs));
        let wrong = !response.is_correct();
        match out.iter_mut().find(|(id, _)| *id == focus) {
            Some(entry) => entry.1 |= wrong,
            None => out.push((focus, wrong)),
        }
    }
    out
}

impl<'a> Analytics<'a> {
    /// The class × GPC heatmap for a scope and window, and the `top` GPCs to reteach.
    /// `order` is the school's programme order of GPC ids; empty means the catalogue's.
    pub fn heatmap(&self, scope: Scope, window: Window, order: &[String], top: usize) -> Heatmap {
        // The catalogue is embedded data proven by its tests; without it there is nothing to show.
        let Ok(catalogue) = phonics::catalogue() else {
            return Heatmap {
                window,
                columns: Vec::new(),
                rows: Vec::new(),
                total: Vec::new(),
                reteach: Vec::new(),
            };
        };
        let mut cache: HashMap<&[String], &'static str> = HashMap::new();
        // Per class: pupils marked, and per focus GPC (missed, tested).
        type Counts = (usize, HashMap<&'static str, HeatCell>);
        let mut by_class: HashMap<Option<ClassId>, Counts> = HashMap::new();
        let mut classes_seen: Vec<Option<ClassId>> = Vec::new();
        for pupil in self.pupils_in(scope) {
            let entry = by_class.entry(pupil.class_id).or_insert_with(|| {
                classes_seen.push(pupil.class_id);
                (0, HashMap::new())
            });
            let PupilResult::Marked { session, .. } = self.screening_result(pupil, window) else {
                continue;
            };
            entry.0 += 1;
            for (focus, wrong) in focus_misses(session, catalogue, &mut cache) {
                let cell = entry.1.entry(focus).or_default();
                cell.tested += 1;
                if wrong {
                    cell.missed += 1;
                }
            }
        }
        let position = column_order(Some(catalogue), order);
        let mut ids: Vec<&'static str> = by_class
            .values()
            .flat_map(|(_, cells)| cells.keys().copied())
            .collect();
        ids.sort_by_key(|id| (position.get(*id).copied().unwrap_or(usize::MAX), *id));
        ids.dedup();
        let columns: Vec<HeatColumn> = ids.iter().map(|id| column(Some(catalogue), id)).collect();
        let mut rows: Vec<HeatRow> = classes_seen
            .iter()
            .map(|class_id| {
                let class = class_id.and_then(|id| self.class(id));
                let (marked, cells) = by_class.get(class_id).cloned().unwrap_or_default();
                HeatRow {
                    class_id: *class_id,
                    name: match (class, class_id) {
                        (Some(c), _) => c.name.clone(),
                        (None, Some(_)) => "Class not found".into(),
                        (None, None) => "No class".into(),
                    },
                    year_group: class.map(|c| c.year_group),
                    marked,
                    cells: ids
                        .iter()
                        .map(|id| cells.get(id).copied().unwrap_or_default())
                        .collect(),
                }
            })
            .collect();
        // Classes by year then name; pupils in no class (or an unknown one) last.
        rows.sort_by(|a, b| {
            (a.year_group.is_none(), a.year_group, &a.name).cmp(&(
                b.year_group.is_none(),
                b.year_group,
                &b.name,
            ))
        });
        let total: Vec<HeatCell> = (0..columns.len())
            .map(|i| {
                rows.iter().fold(HeatCell::default(), |acc, r| HeatCell {
                    missed: acc.missed + r.cells[i].missed,
                    tested: acc.tested + r.cells[i].tested,
                })
            })
            .collect();
        let mut needs: Vec<(usize, GpcNeed)> = columns
            .iter()
            .zip(&total)
            .enumerate()
            .filter(|(_, (_, cell))| cell.missed > 0)
            .map(|(i, (column, cell))| {
                (
                    i,
                    GpcNeed {
                        column: column.clone(),
                        cell: *cell,
                    },
                )
            })
            .collect();
        // Most pupils missing it first; then the larger share (cross-multiplied, exact); then
        // programme order (the column index).
        needs.sort_by(|(i, a), (j, b)| {
            b.cell
                .missed
                .cmp(&a.cell.missed)
                .then_with(|| (b.cell.missed * a.cell.tested).cmp(&(a.cell.missed * b.cell.tested)))
                .then_with(|| i.cmp(j))
        });
        Heatmap {
            window,
            columns,
            rows,
            total,
            reteach: needs.into_iter().take(top).map(|(_, n)| n).collect(),
        }
    }
}

/// The pupil's most-missed focus GPCs in a check, as graphemes, for a keep-up group.
pub(crate) fn top_missed(session: &CheckSession, n: usize) -> Vec<HeatColumn> {
    let catalogue = phonics::catalogue().ok();
    crate::domain::screening::score::missed_by_gpc(session)
        .into_iter()
        .take(n)
        .map(|g| column(catalogue, &g.gpc_id))
        .collect()
}

/// For tests elsewhere: whether a pupil is in a row.
#[cfg(test)]
pub(crate) fn row_for<'h>(
    map: &'h Heatmap,
    pupil: &crate::domain::model::Pupil,
) -> Option<&'h HeatRow> {
    map.rows.iter().find(|r| r.class_id == pupil.class_id)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::domain::fluency::Term;
    use crate::domain::model::{Response, YearGroup};

    fn spring() -> Window {
        Window::new(YEAR, Term::Spring)
    }

    /// Items: "sh" words (ship), "ai" words (rain), single-letter words (sat).
    fn items(sh: [bool; 2], ai: [bool; 2], blend: [bool; 2]) -> Vec<(Vec<&'static str>, bool)> {
        let mut v = Vec::new();
        for r in sh {
            v.push((vec!["sh", "i", "p"], r));
        }
        for r in ai {
            v.push((vec!["r", "ai", "n"], r));
        }
        for r in blend {
            v.push((vec!["s", "a", "t"], r));
        }
        v
    }

    #[test]
    fn cells_count_pupils_who_missed_a_focus_gpc() {
        let mut f = Fixture::new();
        let a1 = f.class("1A", YearGroup::Year1);
        let b1 = f.class("1B", YearGroup::Year1);
        let p1 = f.pupil(a1, |_| {});
        f.screening_items(
            p1,
            SPRING,
            &items([false, false], [true, true], [true, true]),
        );
        let p2 = f.pupil(a1, |_| {});
        f.screening_items(
            p2,
            SPRING,
            &items([true, false], [false, true], [true, true]),
        );
        let p3 = f.pupil(b1, |_| {});
        f.screening_items(
            p3,
            SPRING,
            &items([true, true], [true, true], [false, true]),
        );
        // A pupil whose check had no "ai" word is not counted in the "ai" column.
        let p4 = f.pupil(b1, |_| {});
        f.screening_items(p4, SPRING, &[(vec!["sh", "o", "p"], true)]);
        f.pupil(b1, |_| {}); // not checked
        let h = f.analytics().heatmap(Scope::School, spring(), &[], 5);
        let ids: Vec<&str> = h.columns.iter().map(|c| c.gpc_id.as_str()).collect();
        assert_eq!(
            ids,
            ["blending", "sh", "ai"],
            "blending first, then teaching order"
        );
        assert_eq!(h.columns[0].grapheme, "Blending");
        assert_eq!(h.columns[2].grapheme, "ai");
        let names: Vec<&str> = h.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["1A", "1B"]);
        let cell =
            |row: usize, col: usize| (h.rows[row].cells[col].missed, h.rows[row].cells[col].tested);
        assert_eq!(cell(0, 1), (2, 2), "1A: both missed a sh word");
        assert_eq!(cell(0, 2), (1, 2));
        assert_eq!(cell(0, 0), (0, 2));
        assert_eq!(cell(1, 0), (1, 1), "1B: one blending miss");
        assert_eq!(cell(1, 1), (0, 2));
        assert_eq!(cell(1, 2), (0, 1));
        assert_eq!(h.rows[1].marked, 2);
        assert_eq!(
            h.total[1],
            HeatCell {
                missed: 2,
                tested: 4
            }
        );
        assert_eq!(h.total[1].share().percent(), Some(50.0));
        let reteach: Vec<&str> = h.reteach.iter().map(|n| n.column.gpc_id.as_str()).collect();
        // sh: 2 pupils; ai 1 of 3; blending 1 of 3: same count and share, so programme order.
        assert_eq!(reteach, ["sh", "blending", "ai"]);
        let top1 = f.analytics().heatmap(Scope::School, spring(), &[], 1);
        assert_eq!(top1.reteach.len(), 1);
        // One class only.
        let one = f.analytics().heatmap(Scope::Class(b1), spring(), &[], 5);
        assert_eq!(one.rows.len(), 1);
        assert_eq!(one.reteach.len(), 1);
        let pupil = f.pupils.iter().find(|p| p.id == p3).expect("pupil");
        assert!(row_for(&one, pupil).is_some());
    }

    #[test]
    fn the_programme_order_sets_the_columns() {
        let mut f = Fixture::new();
        let c = f.class("1A", YearGroup::Year1);
        let p = f.pupil(c, |_| {});
        f.screening_items(
            p,
            SPRING,
            &items([false, true], [false, true], [true, true]),
        );
        let order = vec!["ai".to_string(), "sh".to_string()];
        let h = f.analytics().heatmap(Scope::School, spring(), &order, 5);
        let ids: Vec<&str> = h.columns.iter().map(|c| c.gpc_id.as_str()).collect();
        assert_eq!(ids, ["blending", "ai", "sh"]);
        let reteach: Vec<&str> = h.reteach.iter().map(|n| n.column.gpc_id.as_str()).collect();
        assert_eq!(reteach, ["ai", "sh"], "a tie follows the programme order");
        // An order that lists only one GPC: the rest follow in catalogue order.
        let h = f
            .analytics()
            .heatmap(Scope::School, spring(), &["ai".to_string()], 5);
        let ids: Vec<&str> = h.columns.iter().map(|c| c.gpc_id.as_str()).collect();
        assert_eq!(ids, ["blending", "ai", "sh"]);
    }

    #[test]
    fn unmarked_items_are_not_misses_and_no_class_comes_last() {
        let mut f = Fixture::new();
        let c = f.class("2A", YearGroup::Year2);
        let r = f.class("RA", YearGroup::Reception);
        let p = f.pupil(c, |_| {});
        f.screening_items(
            p,
            SPRING,
            &items([true, true], [false, false], [true, true]),
        );
        f.edit_last(|s| {
            s.responses[2] = None;
            s.responses[3] = None;
            s.status = crate::domain::model::SessionStatus::StoppedEarly;
        });
        let q = f.pupil(c, |p| p.class_id = None);
        f.screening_items(q, SPRING, &items([false, true], [true, true], [true, true]));
        let rp = f.pupil(r, |_| {});
        f.screening_items(rp, SPRING, &[(vec!["s", "a", "t"], true)]);
        f.edit_last(|s| s.responses[0] = Some(Response::Correct));
        let h = f.analytics().heatmap(Scope::School, spring(), &[], 5);
        let names: Vec<&str> = h.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["RA", "2A", "No class"]);
        let ai = h.columns.iter().position(|c| c.gpc_id == "ai").expect("ai");
        assert_eq!(
            h.rows[1].cells[ai],
            HeatCell {
                missed: 0,
                tested: 0
            }
        );
        assert_eq!(
            h.total[ai],
            HeatCell {
                missed: 0,
                tested: 1
            }
        );
    }
}
