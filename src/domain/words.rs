//! Counts written as English: "1 pupil", "2 pupils", "0 pupils". One rule, so no message
//! says "1 pupils".

/// `n` with the singular noun for exactly one and the plural otherwise.
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// "1 pupil", "3 pupils": the count the lead view and the records pages use most.
pub fn pupils(n: usize) -> String {
    count(n, "pupil", "pupils")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_everything_else_plural() {
        assert_eq!(pupils(0), "0 pupils");
        assert_eq!(pupils(1), "1 pupil");
        assert_eq!(pupils(2), "2 pupils");
        assert_eq!(count(1, "point", "points"), "1 point");
        assert_eq!(count(14, "point", "points"), "14 points");
    }
}
