//! Small-number suppression as official statistics do it, on any set of counts tied together
//! by additive relations (`total = part + part + ...`).
//!
//! # The rule
//! - **Primary**: every published count under [`MIN_COUNT`] (0 included: "none of the 6
//!   disadvantaged pupils met the standard" tells a reader each one's result) is suppressed.
//! - **Hidden cells** are counts the file never holds but a reader could work out from it, e.g.
//!   the pupils of a group with no result (pupils minus those with one), or the pupils whose
//!   gender is not recorded (all minus boys minus girls). One holding 1 to 4 pupils must not be
//!   recoverable either; a hidden 0 describes no pupil and needs no protection.
//! - **Secondary**: no suppressed cell, and no protected hidden cell, may be recoverable from the
//!   published cells through the relations, by "total minus the other cells" or any chain of
//!   such steps. This is checked exactly: a cell is recoverable when the linear system of the
//!   relations, with the published values known, fixes its value (linear algebra over the
//!   integers mod a prime; the relation matrices here are network-like with minors of ±1, so
//!   the rank mod the prime is the rational rank). While some protected cell is recoverable,
//!   the cheapest published cell sharing a relation with it is suppressed too (cheapest by the
//!   cost the caller gives, then the smaller count, as statistical offices choose the "next
//!   smallest" cell), and the check runs again.
//!
//! Bounds (counts are never negative) can narrow a suppressed cell to a range but not to a
//! value; as in published statistics, only exact recovery is prevented.

/// Counts under this are suppressed.
pub const MIN_COUNT: u32 = 5;

/// One count of a [`Grid`].
pub type CellId = usize;

#[derive(Clone, Debug)]
struct Cell {
    value: u32,
    hidden: bool,
    cost: u32,
}

/// `total = parts[0] + parts[1] + ...`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relation {
    pub total: CellId,
    pub parts: Vec<CellId>,
}

/// Counts and the relations between them.
#[derive(Clone, Debug, Default)]
pub struct Grid {
    cells: Vec<Cell>,
    relations: Vec<Relation>,
}

impl Grid {
    pub fn new() -> Self {
        Grid::default()
    }

    /// A count the file will hold unless it is suppressed; lower `cost` is suppressed first.
    pub fn cell(&mut self, value: u32, cost: u32) -> CellId {
        self.cells.push(Cell {
            value,
            hidden: false,
            cost,
        });
        self.cells.len() - 1
    }

    /// A count the file never holds, but which the published counts may reveal.
    pub fn hidden(&mut self, value: u32) -> CellId {
        self.cells.push(Cell {
            value,
            hidden: true,
            cost: u32::MAX,
        });
        self.cells.len() - 1
    }

    pub fn relate(&mut self, total: CellId, parts: Vec<CellId>) {
        self.relations.push(Relation { total, parts });
    }

    pub fn value(&self, cell: CellId) -> u32 {
        self.cells[cell].value
    }

    pub fn is_hidden(&self, cell: CellId) -> bool {
        self.cells[cell].hidden
    }

    pub fn len(&self) -> usize {
        self.cells.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    pub fn relations(&self) -> &[Relation] {
        &self.relations
    }

    /// Whether a cell that is not published must stay unrecoverable.
    fn protected(&self, cell: CellId, suppressed: &[bool]) -> bool {
        let c = &self.cells[cell];
        if c.hidden {
            (1..MIN_COUNT).contains(&c.value)
        } else {
            suppressed[cell]
        }
    }

    /// Which published cells are suppressed (primary and secondary), indexed by [`CellId`];
    /// hidden cells are `false` (they are never published anyway).
    pub fn suppress(&self) -> Vec<bool> {
        let mut suppressed: Vec<bool> = self
            .cells
            .iter()
            .map(|c| !c.hidden && c.value < MIN_COUNT)
            .collect();
        // Each round suppresses at least one more published cell, so this ends within `len`
        // rounds. A round treats every exposed cell that no cell suppressed in the same round
        // touches (a relation in common), so far-apart tables are fixed together.
        loop {
            let exposed = self.recoverable(&suppressed);
            if exposed.is_empty() {
                break;
            }
            let mut touched = vec![false; self.cells.len()];
            let mut progress = false;
            for cell in exposed {
                if touched[cell] {
                    continue;
                }
                let Some(next) = self.cheapest_near(&[cell], &suppressed) else {
                    continue;
                };
                suppressed[next] = true;
                progress = true;
                for r in &self.relations {
                    if members(r).any(|c| c == next) {
                        for c in members(r) {
                            touched[c] = true;
                        }
                    }
                }
            }
            // Nothing left to suppress around them: the structure itself fixes the cells.
            if !progress {
                break;
            }
        }
        suppressed
    }

    /// Protected cells that the published cells reveal, in cell order.
    pub fn recoverable(&self, suppressed: &[bool]) -> Vec<CellId> {
        let unknown = |c: CellId| self.cells[c].hidden || suppressed[c];
        let fixed = determined(self, &unknown);
        let mut out: Vec<CellId> = fixed
            .into_iter()
            .filter(|&c| self.protected(c, suppressed))
            .collect();
        out.sort_unstable();
        out
    }

    /// The cheapest published cell sharing a relation with any of `cells`, or failing that a
    /// relation with any unknown cell linked to them.
    fn cheapest_near(&self, cells: &[CellId], suppressed: &[bool]) -> Option<CellId> {
        let unknown = |c: CellId| self.cells[c].hidden || suppressed[c];
        let pick = |cells: &mut dyn Iterator<Item = CellId>| {
            cells
                .filter(|&c| !unknown(c))
                .min_by_key(|&c| (self.cells[c].cost, self.cells[c].value, c))
        };
        let near: Vec<&Relation> = self
            .relations
            .iter()
            .filter(|r| members(r).any(|c| cells.contains(&c)))
            .collect();
        if let Some(c) = pick(&mut near.iter().flat_map(|r| members(r))) {
            return Some(c);
        }
        // Widen through unknown cells until a published one turns up.
        let mut reached = vec![false; self.cells.len()];
        for &c in cells {
            reached[c] = true;
        }
        let mut frontier = cells.to_vec();
        while !frontier.is_empty() {
            let mut next = Vec::new();
            for r in &self.relations {
                if members(r).any(|c| frontier.contains(&c)) {
                    if let Some(c) = pick(&mut members(r)) {
                        return Some(c);
                    }
                    for c in members(r) {
                        if !reached[c] {
                            reached[c] = true;
                            next.push(c);
                        }
                    }
                }
            }
            frontier = next;
        }
        None
    }
}

/// The cells of a relation, total first.
fn members(r: &Relation) -> impl Iterator<Item = CellId> + '_ {
    std::iter::once(r.total).chain(r.parts.iter().copied())
}

/// A prime above any coefficient sum here (relations have coefficients 1 and -1).
const P: u64 = 2_147_483_647;

fn inverse(a: u64) -> u64 {
    // Fermat: a^(P-2).
    let (mut base, mut exp, mut out) = (a % P, P - 2, 1u64);
    while exp > 0 {
        if exp & 1 == 1 {
            out = out * base % P;
        }
        base = base * base % P;
        exp >>= 1;
    }
    out
}

/// The unknown cells whose value the relations fix, given every other cell.
/// Works per connected group of unknown cells, so unrelated tables stay small systems.
#[allow(clippy::needless_range_loop)]
fn determined(grid: &Grid, unknown: &dyn Fn(CellId) -> bool) -> Vec<CellId> {
    // Each relation as (unknown cell, coefficient) pairs; known cells are constants.
    let rows: Vec<Vec<(CellId, u64)>> = grid
        .relations
        .iter()
        .map(|r| {
            let mut row: Vec<(CellId, u64)> = Vec::new();
            if unknown(r.total) {
                row.push((r.total, 1));
            }
            row.extend(r.parts.iter().filter(|&&c| unknown(c)).map(|&c| (c, P - 1)));
            row
        })
        .filter(|row| !row.is_empty())
        .collect();
    // Union-find over unknown cells that share a relation.
    let mut parent: Vec<usize> = (0..grid.len()).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for row in &rows {
        let first = find(&mut parent, row[0].0);
        for &(c, _) in &row[1..] {
            let root = find(&mut parent, c);
            parent[root] = first;
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for (i, row) in rows.iter().enumerate() {
        let root = find(&mut parent, row[0].0);
        groups.entry(root).or_default().push(i);
    }
    let mut out = Vec::new();
    for row_ids in groups.values() {
        let mut cols: Vec<CellId> = row_ids
            .iter()
            .flat_map(|&i| rows[i].iter().map(|(c, _)| *c))
            .collect();
        cols.sort_unstable();
        cols.dedup();
        let index = |c: CellId| cols.binary_search(&c).unwrap_or(0);
        let mut m: Vec<Vec<u64>> = row_ids
            .iter()
            .map(|&i| {
                let mut dense = vec![0u64; cols.len()];
                for &(c, k) in &rows[i] {
                    let j = index(c);
                    dense[j] = (dense[j] + k) % P;
                }
                dense
            })
            .collect();
        // Reduced row echelon form.
        let mut pivots: Vec<(usize, usize)> = Vec::new();
        let mut r = 0;
        for col in 0..cols.len() {
            let Some(found) = (r..m.len()).find(|&i| m[i][col] != 0) else {
                continue;
            };
            m.swap(r, found);
            let inv = inverse(m[r][col]);
            for v in m[r].iter_mut() {
                *v = *v * inv % P;
            }
            // The pivot row is sparse: only its non-zero entries change other rows.
            let nonzero: Vec<(usize, u64)> = m[r]
                .iter()
                .enumerate()
                .filter(|(_, v)| **v != 0)
                .map(|(j, v)| (j, *v))
                .collect();
            for i in 0..m.len() {
                if i != r && m[i][col] != 0 {
                    let k = m[i][col];
                    for &(j, v) in &nonzero {
                        let sub = k * v % P;
                        m[i][j] = (m[i][j] + P - sub) % P;
                    }
                }
            }
            pivots.push((r, col));
            r += 1;
            if r == m.len() {
                break;
            }
        }
        // A pivot's value is fixed when its row mentions no free column.
        for &(row, col) in &pivots {
            let free = (0..cols.len())
                .any(|j| j != col && m[row][j] != 0 && !pivots.iter().any(|&(_, pc)| pc == j));
            if !free {
                out.push(cols[col]);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 2×2 table with margins: rows a, b; columns x, y.
    fn two_by_two(values: [[u32; 2]; 2]) -> (Grid, Vec<CellId>) {
        let mut g = Grid::new();
        let ax = g.cell(values[0][0], 1);
        let ay = g.cell(values[0][1], 1);
        let bx = g.cell(values[1][0], 1);
        let by = g.cell(values[1][1], 1);
        let a = g.cell(values[0][0] + values[0][1], 2);
        let b = g.cell(values[1][0] + values[1][1], 2);
        let x = g.cell(values[0][0] + values[1][0], 2);
        let y = g.cell(values[0][1] + values[1][1], 2);
        let t = g.cell(values.iter().flatten().sum(), 3);
        g.relate(a, vec![ax, ay]);
        g.relate(b, vec![bx, by]);
        g.relate(x, vec![ax, bx]);
        g.relate(y, vec![ay, by]);
        g.relate(t, vec![a, b]);
        g.relate(t, vec![x, y]);
        (g, vec![ax, ay, bx, by, a, b, x, y, t])
    }

    #[test]
    fn nothing_small_nothing_suppressed() {
        let (g, _) = two_by_two([[10, 20], [30, 40]]);
        assert!(g.suppress().iter().all(|s| !s));
    }

    #[test]
    fn one_small_cell_takes_a_rectangle_with_it() {
        let (g, cells) = two_by_two([[3, 20], [30, 40]]);
        let s = g.suppress();
        assert!(s[cells[0]], "the 3 is suppressed");
        // One more in its row and one more in its column, and the fourth corner to close them.
        assert_eq!(s.iter().filter(|x| **x).count(), 4, "{s:?}");
        assert!(
            s[cells[1]] && s[cells[2]] && s[cells[3]],
            "the inner cells, margins kept"
        );
        assert!(g.recoverable(&s).is_empty());
    }

    #[test]
    fn the_checker_finds_a_total_minus_the_others() {
        let (g, cells) = two_by_two([[3, 20], [30, 40]]);
        let mut primary_only = vec![false; g.len()];
        primary_only[cells[0]] = true;
        assert_eq!(g.recoverable(&primary_only), vec![cells[0]]);
    }

    /// pupils = met + not met + without a result (hidden).
    fn with_hidden(pupils: u32, met: u32, not_met: u32) -> (Grid, [CellId; 3]) {
        let mut g = Grid::new();
        let p = g.cell(pupils, 0);
        let m = g.cell(met, 5);
        let n = g.cell(not_met, 5);
        let none = g.hidden(pupils - met - not_met);
        g.relate(p, vec![m, n, none]);
        (g, [p, m, n])
    }

    #[test]
    fn a_hidden_small_count_is_protected_and_a_hidden_zero_is_not() {
        let (g, [pupils, met, not_met]) = with_hidden(30, 20, 8);
        let s = g.suppress();
        assert!(s[pupils], "the cheapest cell goes: {s:?}");
        assert!(!s[met] && !s[not_met]);
        let (g, _) = with_hidden(28, 20, 8);
        assert!(g.suppress().iter().all(|s| !s));
    }

    #[test]
    fn chains_across_relations_are_followed() {
        // t = a + b, a = c + d: with only d suppressed, d = a - c.
        let mut g = Grid::new();
        let t = g.cell(50, 9);
        let a = g.cell(30, 9);
        let b = g.cell(20, 9);
        let c = g.cell(27, 9);
        let d = g.cell(3, 9);
        g.relate(t, vec![a, b]);
        g.relate(a, vec![c, d]);
        let s = g.suppress();
        assert!(s[d] && (s[c] || s[a]));
        assert!(g.recoverable(&s).is_empty());
    }
}
