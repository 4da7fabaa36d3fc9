//! Option prioritisation: preferences as an ordered list of statements
//! about options, most important first (Fang, Hipel, Kilgour & Peng 2003,
//! "A decision support system for interactive decision making, Part I",
//! IEEE Trans. SMC-C 33(1); as in GMCR II and GMCR+).
//!
//! Syntax: literals `3` (option 3 chosen) and `-3` (not chosen), options
//! numbered from 1, or option ids (`ua-withdraws`, `-ua-withdraws`) where
//! the caller resolves names; `&` (and) binds tighter than `|` (or); `A if B` means
//! "A holds whenever B does" (B → A); `A iff B` means both or neither;
//! parentheses group. Of L statements, statement k (0-based) adds
//! 2^(L−k−1) to a state's score when the state satisfies it: higher scores
//! are preferred, equal scores tied — lexicographic order on the truth
//! vector.

use std::fmt;

use thiserror::Error;

/// A parsed statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Statement {
    /// Option (0-based) is chosen (`true`) or not.
    Literal(usize, bool),
    And(Box<Statement>, Box<Statement>),
    Or(Box<Statement>, Box<Statement>),
    Not(Box<Statement>),
    /// `consequent if condition`.
    If(Box<Statement>, Box<Statement>),
    Iff(Box<Statement>, Box<Statement>),
}

/// A statement that cannot be read; `at` is a byte offset into it.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
#[error("{message} (at character {})", at + 1)]
pub struct StatementError {
    pub at: usize,
    pub message: String,
}

impl Statement {
    /// Parses a statement over options 1..=`options`.
    pub fn parse(text: &str, options: usize) -> Result<Statement, StatementError> {
        Statement::parse_with(text, options, &|_| None)
    }

    /// Parses a statement whose literals may also be option ids, resolved
    /// to 0-based options by `resolve`.
    pub fn parse_with(
        text: &str,
        options: usize,
        resolve: &dyn Fn(&str) -> Option<usize>,
    ) -> Result<Statement, StatementError> {
        let tokens = tokenize(text)?;
        // `&` and `|` chains nest too (left to right): bound their length.
        if let Some((at, _)) = tokens.get(MAX_TOKENS) {
            return Err(StatementError {
                at: *at,
                message: format!(
                    "a statement of more than {MAX_TOKENS} options and operators; split it into several statements"
                ),
            });
        }
        let mut p = Parser {
            tokens,
            pos: 0,
            options,
            len: text.len(),
            resolve,
            depth: 0,
        };
        let s = p.expr()?;
        match p.tokens.get(p.pos) {
            None => Ok(s),
            Some((at, t)) => Err(StatementError {
                at: *at,
                message: format!("unexpected `{t}`; join statements with `&`, `|`, `if` or `iff`"),
            }),
        }
    }

    /// Whether a state (option bit k = option k + 1 chosen) satisfies it.
    pub fn holds(&self, state: u64) -> bool {
        match self {
            Statement::Literal(k, y) => (state >> k & 1 == 1) == *y,
            Statement::And(a, b) => a.holds(state) && b.holds(state),
            Statement::Or(a, b) => a.holds(state) || b.holds(state),
            Statement::Not(a) => !a.holds(state),
            Statement::If(then, cond) => !cond.holds(state) || then.holds(state),
            Statement::Iff(a, b) => a.holds(state) == b.holds(state),
        }
    }
}

/// The option-prioritisation score of a state; higher is preferred. With
/// more than 62 statements no i64 holds the score 2^(l−k−1) summed; use
/// [`scores`], which ranks the states exactly for any number.
pub fn score(statements: &[Statement], state: u64) -> i64 {
    let l = statements.len();
    statements
        .iter()
        .enumerate()
        .filter(|(_, s)| s.holds(state))
        .map(|(k, _)| 1i64 << (l - k - 1).min(62))
        .fold(0i64, i64::saturating_add)
}

/// Most statements whose scores 2^(l−k−1) sum exactly in an i64.
pub const MAX_SUMMED: usize = 62;

/// The option-prioritisation payoffs of `states`: statement k outweighs
/// every later one together (Fang, Hipel, Kilgour and Peng 2003). Up to
/// [`MAX_SUMMED`] statements this is the score itself; beyond, the states'
/// dense ranks by comparing which statements hold, most important first
/// (the same order, exactly, for any number of statements).
pub fn scores(statements: &[Statement], states: &[u64]) -> Vec<i64> {
    payoffs(states.len(), statements.len(), &|s, k| {
        statements[k].holds(states[s])
    })
}

/// [`scores`] for `n` states and `l` statements where `holds(s, k)` says
/// whether statement k holds in state s (GMCR+'s preferences use it too).
pub fn payoffs(n: usize, l: usize, holds: &dyn Fn(usize, usize) -> bool) -> Vec<i64> {
    if l <= MAX_SUMMED {
        return (0..n)
            .map(|s| {
                (0..l)
                    .filter(|&k| holds(s, k))
                    .map(|k| 1i64 << (l - k - 1))
                    .sum()
            })
            .collect();
    }
    let rows: Vec<Vec<bool>> = (0..n)
        .map(|s| (0..l).map(|k| holds(s, k)).collect())
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| rows[a].cmp(&rows[b]));
    let mut out = vec![0i64; n];
    let mut rank = 0i64;
    for (i, &s) in order.iter().enumerate() {
        if i > 0 && rows[s] != rows[order[i - 1]] {
            rank += 1;
        }
        out[s] = rank;
    }
    out
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Num(usize),
    Name(String),
    Minus,
    And,
    Or,
    If,
    Iff,
    Open,
    Close,
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Token::Num(n) => write!(f, "{n}"),
            Token::Name(n) => f.write_str(n),
            Token::Minus => f.write_str("-"),
            Token::And => f.write_str("&"),
            Token::Or => f.write_str("|"),
            Token::If => f.write_str("if"),
            Token::Iff => f.write_str("iff"),
            Token::Open => f.write_str("("),
            Token::Close => f.write_str(")"),
        }
    }
}

fn tokenize(text: &str) -> Result<Vec<(usize, Token)>, StatementError> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        let tok = match c {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b'-' | b'~' | b'!' => Token::Minus,
            b'&' => Token::And,
            b'|' => Token::Or,
            b'(' => Token::Open,
            b')' => Token::Close,
            b'0'..=b'9' => {
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                let n = text[start..i].parse().map_err(|_| StatementError {
                    at: start,
                    message: "option number too large".into(),
                })?;
                out.push((start, Token::Num(n)));
                continue;
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                while i < b.len()
                    && (b[i].is_ascii_alphanumeric() || matches!(b[i], b'_' | b'.' | b'-'))
                {
                    i += 1;
                }
                let word = &text[start..i];
                let t = match word.to_ascii_lowercase().as_str() {
                    "iff" => Token::Iff,
                    "if" => Token::If,
                    _ => Token::Name(word.to_owned()),
                };
                out.push((start, t));
                continue;
            }
            _ => {
                let ch = text[start..].chars().next().unwrap_or('?');
                return Err(StatementError {
                    at: start,
                    message: format!("unexpected character `{ch}`"),
                });
            }
        };
        out.push((start, tok));
        i += 1;
    }
    Ok(out)
}

struct Parser<'r> {
    tokens: Vec<(usize, Token)>,
    pos: usize,
    options: usize,
    len: usize,
    resolve: &'r dyn Fn(&str) -> Option<usize>,
    /// Parentheses and `-` open around the current token.
    depth: usize,
}

/// Deepest nesting of parentheses and `-` a statement may have: a
/// recursive parser and the recursive statement it builds must not
/// overflow the stack on a hostile input (issue 14).
pub const MAX_DEPTH: usize = 100;

/// Most tokens (options, operators, parentheses) in one statement.
pub const MAX_TOKENS: usize = 2000;

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos).map(|(_, t)| t)
    }

    fn at(&self) -> usize {
        self.tokens.get(self.pos).map_or(self.len, |(a, _)| *a)
    }

    // expr := or (("if" | "iff") or)?
    fn expr(&mut self) -> Result<Statement, StatementError> {
        let left = self.or()?;
        match self.peek() {
            Some(Token::If) => {
                self.pos += 1;
                Ok(Statement::If(Box::new(left), Box::new(self.or()?)))
            }
            Some(Token::Iff) => {
                self.pos += 1;
                Ok(Statement::Iff(Box::new(left), Box::new(self.or()?)))
            }
            _ => Ok(left),
        }
    }

    fn or(&mut self) -> Result<Statement, StatementError> {
        let mut left = self.and()?;
        while self.peek() == Some(&Token::Or) {
            self.pos += 1;
            left = Statement::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Statement, StatementError> {
        let mut left = self.unary()?;
        while self.peek() == Some(&Token::And) {
            self.pos += 1;
            left = Statement::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Statement, StatementError> {
        let at = self.at();
        if matches!(self.peek(), Some(Token::Minus | Token::Open)) {
            if self.depth >= MAX_DEPTH {
                return Err(StatementError {
                    at,
                    message: format!(
                        "nested more than {MAX_DEPTH} deep in parentheses and `-`; write the statement flatter, or split it into several statements"
                    ),
                });
            }
            self.depth += 1;
            let r = self.nested();
            self.depth -= 1;
            return r;
        }
        self.nested()
    }

    fn nested(&mut self) -> Result<Statement, StatementError> {
        let at = self.at();
        let tok = self.peek().cloned();
        self.pos += 1;
        match tok {
            Some(Token::Minus) => match self.peek() {
                Some(Token::Num(_) | Token::Name(_)) => match self.unary()? {
                    Statement::Literal(k, y) => Ok(Statement::Literal(k, !y)),
                    other => Ok(Statement::Not(Box::new(other))),
                },
                _ => Ok(Statement::Not(Box::new(self.unary()?))),
            },
            Some(Token::Num(n)) => {
                if n == 0 || n > self.options {
                    return Err(StatementError {
                        at,
                        message: format!(
                            "no option {n}: options are numbered 1 to {}",
                            self.options
                        ),
                    });
                }
                Ok(Statement::Literal(n - 1, true))
            }
            Some(Token::Name(name)) => match (self.resolve)(&name) {
                Some(k) if k < self.options => Ok(Statement::Literal(k, true)),
                _ => Err(StatementError {
                    at,
                    message: format!("unknown option `{name}`"),
                }),
            },
            Some(Token::Open) => {
                let inner = self.expr()?;
                if self.peek() != Some(&Token::Close) {
                    return Err(StatementError {
                        at: self.at(),
                        message: "missing `)`".into(),
                    });
                }
                self.pos += 1;
                Ok(inner)
            }
            Some(t) => Err(StatementError {
                at,
                message: format!("expected an option number, `-` or `(`, found `{t}`"),
            }),
            None => Err(StatementError {
                at,
                message: "the statement ends too early: expected an option number".into(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {

    /// Statement k outweighs every later one together, for 64, 200 and
    /// 1,000 statements (issue 14: the summed score overflowed past 62 and
    /// inverted the ranking). The first statement says option 1 is taken;
    /// all later ones say it is not, so every state with option 1 must rank
    /// above every state without it, and within each group option 2 decides.
    #[test]
    fn hostile_nesting_is_an_error_not_a_stack_overflow() {
        for text in [
            format!("{}1{}", "(".repeat(5000), ")".repeat(5000)),
            format!("{}1", "-".repeat(100_000)),
            vec!["1"; 50_000].join(" & "),
        ] {
            let e = Statement::parse(&text, 2).unwrap_err();
            assert!(
                e.message.contains("deep") || e.message.contains("more than"),
                "{}",
                e.message
            );
        }
        // Nesting within the limits still parses.
        let ok = format!("{}1{}", "(".repeat(50), ")".repeat(50));
        assert_eq!(
            Statement::parse(&ok, 2).unwrap(),
            Statement::parse("1", 2).unwrap()
        );
    }

    #[test]
    fn many_statements_rank_exactly() {
        for l in [64, 200, 1000] {
            let mut st = vec![Statement::parse("1", 2).unwrap()];
            st.extend(
                (1..l).map(|k| Statement::parse(if k % 2 == 1 { "-1" } else { "2" }, 2).unwrap()),
            );
            let states = [0b00u64, 0b01, 0b10, 0b11];
            let p = scores(&st, &states);
            let with_1 = [p[1], p[3]];
            let without_1 = [p[0], p[2]];
            assert!(
                with_1.iter().all(|a| without_1.iter().all(|b| a > b)),
                "{l} statements: {p:?}"
            );
            // Option 2 ("2", the third statement) breaks the ties.
            assert!(p[3] > p[1] && p[2] > p[0], "{l} statements: {p:?}");
        }
        // Up to 62 statements the score itself is kept.
        let st: Vec<Statement> = (0..5).map(|_| Statement::parse("1", 2).unwrap()).collect();
        assert_eq!(scores(&st, &[0b01]), vec![score(&st, 0b01)]);
    }

    use super::*;

    fn parse(s: &str) -> Statement {
        Statement::parse(s, 5).unwrap()
    }

    #[test]
    fn precedence_and_connectives() {
        // & binds tighter than |.
        assert_eq!(parse("1 | 2 & 3"), parse("1 | (2 & 3)"));
        // "5 if 1": whenever 1 holds, 5 holds.
        let s = parse("5 if 1");
        assert!(s.holds(0b00000) && s.holds(0b10001) && !s.holds(0b00001) && s.holds(0b10000));
        let s = parse("1 iff -2");
        assert!(s.holds(0b01) && s.holds(0b10) && !s.holds(0b11) && !s.holds(0b00));
        assert!(parse("-(1 & 2)").holds(0b01));
    }

    #[test]
    fn option_ids_as_literals() {
        let ids = ["ua-withdraws", "ru-ceasefire"];
        let resolve = |n: &str| ids.iter().position(|&i| i == n);
        let s = Statement::parse_with("-ua-withdraws & ru-ceasefire", 2, &resolve).unwrap();
        assert_eq!(
            s,
            Statement::And(
                Box::new(Statement::Literal(0, false)),
                Box::new(Statement::Literal(1, true))
            )
        );
        let s = Statement::parse_with("ru-ceasefire if ua-withdraws", 2, &resolve).unwrap();
        assert!(s.holds(0b11) && !s.holds(0b01) && s.holds(0b00));
        let e = Statement::parse_with("ua-withdraw", 2, &resolve).unwrap_err();
        assert_eq!(e.message, "unknown option `ua-withdraw`");
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = Statement::parse("1 & 7", 5).unwrap_err();
        assert_eq!(e.at, 4);
        assert!(e.message.contains("no option 7"));
        assert_eq!(
            Statement::parse("(1 & 2", 5).unwrap_err().message,
            "missing `)`"
        );
        assert!(Statement::parse("1 2", 5).is_err());
        assert!(Statement::parse("1 &", 5).is_err());
        assert!(Statement::parse("1 and 2", 5).is_err());
        assert_eq!(Statement::parse("1 & foo", 5).unwrap_err().at, 4);
        assert!(Statement::parse("", 5).is_err());
    }
}
