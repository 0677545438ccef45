//! Where the adult is in a check: the item the next key marks (the cursor) and the page the
//! child sees. A screening check shows four words a page; progress checks show one item a page.
//!
//! Rules:
//! - The page shown is always the cursor's page: there is one position, not two, so a key can
//!   never mark a word the adult cannot see.
//! - After a mark:
//!   1. while the page still has an unmarked item, the cursor goes to the next one on it
//!      (after the item just marked, else the first), so the child finishes the page;
//!   2. when the tap completes the page, the cursor goes to the next unmarked item (after this
//!      one, else the first), and the page follows; with nothing left the check is finished;
//!   3. when the tap corrects a mark on a page already complete, the cursor goes to the next
//!      item on that page, so several corrections on one page need no paging; at the page's
//!      end it returns to the next unmarked item, as in 2.
//! - Arrow keys move the cursor one item (the page follows); "next/back a page" puts the cursor
//!   on that page's first item.

use super::model::Response;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pager {
    items: usize,
    per_page: usize,
    cursor: usize,
}

/// What the runner does after a mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterMark {
    /// Carry on at this position.
    At(Pager),
    /// Every item is marked: the check is finished.
    Finished,
}

impl Pager {
    /// A pager over `items` items, `per_page` to a page, at item `at` (clamped). A check with
    /// no items still has one (empty) page.
    pub fn new(items: usize, per_page: usize, at: usize) -> Pager {
        let per_page = per_page.max(1);
        Pager {
            items,
            per_page,
            cursor: at.min(items.saturating_sub(1)),
        }
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn page(&self) -> usize {
        self.cursor / self.per_page
    }

    pub fn pages(&self) -> usize {
        self.items.div_ceil(self.per_page).max(1)
    }

    pub fn is_first_page(&self) -> bool {
        self.page() == 0
    }

    pub fn is_last_page(&self) -> bool {
        self.page() + 1 >= self.pages()
    }

    /// The items of the page shown.
    pub fn page_items(&self) -> std::ops::Range<usize> {
        self.page_range(self.page())
    }

    fn page_range(&self, page: usize) -> std::ops::Range<usize> {
        let start = page * self.per_page;
        start.min(self.items)..(start + self.per_page).min(self.items)
    }

    fn at(self, cursor: usize) -> Pager {
        Pager::new(self.items, self.per_page, cursor)
    }

    pub fn forward(self) -> Pager {
        self.at(self.cursor + 1)
    }

    pub fn back(self) -> Pager {
        self.at(self.cursor.saturating_sub(1))
    }

    pub fn to_page(self, page: usize) -> Pager {
        let page = page.min(self.pages() - 1);
        self.at(page * self.per_page)
    }

    pub fn next_page(self) -> Pager {
        self.to_page(self.page() + 1)
    }

    pub fn previous_page(self) -> Pager {
        self.to_page(self.page().saturating_sub(1))
    }

    /// Where to go after item `index` was marked. `before` and `after` are the responses before
    /// and after the mark (the same length as the check).
    pub fn after_mark(
        self,
        index: usize,
        before: &[Option<Response>],
        after: &[Option<Response>],
    ) -> AfterMark {
        let page = self.page_range(index / self.per_page);
        let complete = |responses: &[Option<Response>]| {
            responses
                .get(page.clone())
                .is_some_and(|r| r.iter().all(Option::is_some))
        };
        let next_unmarked = || {
            (index + 1..after.len())
                .chain(0..=index.min(after.len().saturating_sub(1)))
                .find(|&i| after.get(i).is_some_and(Option::is_none))
        };
        if !complete(after) {
            let on_page = (index + 1..page.end)
                .chain(page.start..=index)
                .find(|&i| after.get(i).is_some_and(Option::is_none));
            return AfterMark::At(self.at(on_page.unwrap_or(index)));
        }
        let corrected_complete_page = complete(before);
        if corrected_complete_page && index + 1 < page.end {
            return AfterMark::At(self.at(index + 1));
        }
        match next_unmarked() {
            Some(i) => AfterMark::At(self.at(i)),
            None if corrected_complete_page => AfterMark::At(self.at(index)),
            None => AfterMark::Finished,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const C: Option<Response> = Some(Response::Correct);
    const X: Option<Response> = Some(Response::Incorrect);
    const N: Option<Response> = None;

    fn marked(
        before: &[Option<Response>],
        index: usize,
        r: Option<Response>,
    ) -> Vec<Option<Response>> {
        let mut after = before.to_vec();
        after[index] = r;
        after
    }

    fn at(result: AfterMark) -> usize {
        match result {
            AfterMark::At(p) => p.cursor(),
            AfterMark::Finished => panic!("finished"),
        }
    }

    #[test]
    fn the_page_is_always_the_cursors_page() {
        let p = Pager::new(40, 4, 0);
        assert_eq!((p.page(), p.pages()), (0, 10));
        assert_eq!(p.forward().forward().forward().forward().page(), 1);
        assert_eq!(p.next_page().cursor(), 4);
        assert_eq!(p.to_page(99).cursor(), 36);
        assert_eq!(p.to_page(99).page_items(), 36..40);
        assert_eq!(p.back().cursor(), 0);
        assert!(p.is_first_page() && p.to_page(9).is_last_page());
        assert_eq!(Pager::new(40, 4, 99).cursor(), 39);
    }

    #[test]
    fn marking_the_fourth_word_of_an_unfinished_page_stays_on_that_page() {
        // The bug: ✓ on word 4 with word 2 unmarked moved the cursor to word 5, on a page the
        // adult could not see, while the page stayed.
        let before = [C, N, C, N, N, N, N, N];
        let after = marked(&before, 3, C);
        let next = Pager::new(8, 4, 3).after_mark(3, &before, &after);
        assert_eq!(at(next), 1);
        match next {
            AfterMark::At(p) => assert_eq!(p.page(), 0),
            AfterMark::Finished => unreachable!(),
        }
    }

    #[test]
    fn within_a_page_the_next_unmarked_word_follows() {
        let before = [N; 8];
        let after = marked(&before, 0, C);
        assert_eq!(at(Pager::new(8, 4, 0).after_mark(0, &before, &after)), 1);
    }

    #[test]
    fn completing_a_page_turns_it() {
        let before = [C, C, C, N, N, N, N, N];
        let after = marked(&before, 3, X);
        let next = Pager::new(8, 4, 3).after_mark(3, &before, &after);
        assert_eq!(at(next), 4);
    }

    #[test]
    fn completing_the_last_page_with_a_gap_earlier_goes_to_the_gap() {
        let before = [C, N, C, C, C, C, C, N];
        let after = marked(&before, 7, C);
        assert_eq!(at(Pager::new(8, 4, 7).after_mark(7, &before, &after)), 1);
    }

    #[test]
    fn the_last_mark_finishes() {
        let before = [C, C, C, N];
        let after = marked(&before, 3, C);
        assert_eq!(
            Pager::new(4, 4, 3).after_mark(3, &before, &after),
            AfterMark::Finished
        );
    }

    #[test]
    fn a_correction_on_a_complete_page_stays_on_it_until_its_end() {
        let before = [C, C, C, C, N, N, N, N];
        let after = marked(&before, 1, X);
        assert_eq!(at(Pager::new(8, 4, 1).after_mark(1, &before, &after)), 2);
        // At the page's end it returns to the work still to do.
        let after = marked(&before, 3, X);
        assert_eq!(at(Pager::new(8, 4, 3).after_mark(3, &before, &after)), 4);
    }

    #[test]
    fn a_correction_when_everything_is_marked_stays_put() {
        let before = [C, C, C, C];
        let after = marked(&before, 3, X);
        assert_eq!(at(Pager::new(4, 4, 3).after_mark(3, &before, &after)), 3);
    }

    #[test]
    fn single_items_move_to_the_next_unmarked_one() {
        // Progress checks: one item a page; a skipped item is come back to at the end.
        let before = [C, N, N, N];
        let after = marked(&before, 2, C);
        assert_eq!(at(Pager::new(4, 1, 2).after_mark(2, &before, &after)), 3);
        let before = after;
        let after = marked(&before, 3, C);
        assert_eq!(at(Pager::new(4, 1, 3).after_mark(3, &before, &after)), 1);
        // Going back to change a mark returns the adult to where they were.
        let before = [C, C, N, N];
        let after = marked(&before, 0, X);
        assert_eq!(at(Pager::new(4, 1, 0).after_mark(0, &before, &after)), 2);
    }

    #[test]
    fn an_empty_check_has_one_page() {
        let p = Pager::new(0, 4, 0);
        assert_eq!((p.cursor(), p.page(), p.pages()), (0, 0, 1));
        assert_eq!(p.page_items(), 0..0);
    }
}
