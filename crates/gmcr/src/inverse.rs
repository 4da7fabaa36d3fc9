//! Inverse analysis: which preference rankings of one DM make a desired
//! state an equilibrium, the other DMs' preferences fixed (Kinsara, Kilgour
//! & Hipel 2015, "Inverse approach to the graph model for conflict
//! resolution", IEEE Trans. SMC 45(5); Hipel, Kilgour & Kinsara 2014).
//!
//! Rankings are strict orders of all n states, so there are n! of them. The
//! counts do not enumerate them. Whether e is stable for the varied DM i
//! depends only on which states i ranks *below* e, and for a uniformly
//! random order the chance that every state of a set A lies above e is
//! 1/(|A|+1). Hence:
//!
//! - Nash: the k states i reaches from e are all below it: n!/(k+1).
//! - GMR and SEQ: each move e→s needs s or one of its sanctions (the states
//!   the opponents reach from s; by their own UIs for SEQ) below e. With
//!   A_s = {s} ∪ sanctions(s), inclusion–exclusion over the sets that fail
//!   gives n!·Σ_T (−1)^|T| / (|∪_{s∈T} A_s| + 1), 2^k terms at most (fewer
//!   after dropping sets implied by others).
//! - SMR: each move e→s needs s below e, or a sanction t such that t and
//!   every state i can move to from t lie below e (or are e). Again by
//!   inclusion–exclusion over the moves: for each subset, the admissible
//!   below-sets are counted by size with a generating polynomial, the
//!   overlapping sets grouped into components (in option form, a state and
//!   the DM's moves from it: a few states each).
//! - SEQ when another DM has a UI at e: its credible sanctions use i's
//!   improvements elsewhere, so i's whole order on the m relevant states
//!   matters; the m! orders are enumerated and scaled by n!/m!.
//!
//! Counts are exact (arbitrary precision); the share of all n! rankings is
//! also given. Listing the rankings themselves enumerates them (up to
//! [`MAX_ENUMERATED`] states).
//!
//! [`Reading::GmcrPlus`] reproduces GMCR+'s inverse solver, the tool behind
//! the published Syria–Iraq counts. There, each of the DM's improvements
//! overwrites the verdict of the previous one, so only the last improvement
//! (in state order) has to be sanctioned, and sanctions are single moves of
//! one opponent. It gives 420 rankings for GMR and SEQ in that case where
//! the standard definitions give 384; use it to compare with published work.

use num_bigint::BigInt;
pub use num_bigint::BigUint;
use num_traits::{One, ToPrimitive, Zero};
use serde::{Serialize, Serializer};

use crate::graph::{Graph, StateId};
use crate::stability::{Concept, coalition_reach, reach_by};

/// Most states whose rankings are enumerated (8! = 40,320 orders), for
/// listing rankings and for [`Reading::GmcrPlus`].
pub const MAX_ENUMERATED: usize = 8;
/// Most sets in an inclusion–exclusion count (2^20 terms).
pub const MAX_SETS: usize = 20;
/// Most relevant states whose orders are enumerated (9! orders).
pub const MAX_RELEVANT_ORDERS: usize = 9;

/// Which definitions the counts follow.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reading {
    /// The standard n-DM definitions, as in [`crate::stability`].
    #[default]
    Standard,
    /// GMCR+'s inverse solver, defects included (see the module docs).
    GmcrPlus,
}

/// How a count was obtained.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum Method {
    /// Another DM is unstable at the state whatever this DM prefers.
    OthersUnstable,
    /// n!/(k+1).
    ClosedForm,
    /// Inclusion–exclusion over this many sanction sets.
    InclusionExclusion { sets: usize },
    /// Inclusion–exclusion over this many moves, counting each term by
    /// components of overlapping sets.
    Components { sets: usize },
    /// Every order of this many relevant states.
    RelevantOrders { states: usize },
    /// Every ranking of all states.
    Enumeration,
    /// Not counted: this many relevant states is past the limits above.
    TooLarge { states: usize },
}

/// The rankings that make the state an equilibrium under one concept.
#[derive(Clone, Debug, Serialize)]
pub struct Tally {
    pub concept: Concept,
    /// Exact count (a decimal string in JSON); `None` when too large.
    #[serde(serialize_with = "decimal")]
    pub count: Option<BigUint>,
    /// Share of all n! rankings.
    pub share: Option<f64>,
    pub method: Method,
}

/// Counts for one DM and desired state under every concept.
#[derive(Clone, Debug, Serialize)]
pub struct Inverse {
    pub reading: Reading,
    /// Number of strict rankings, n!.
    #[serde(serialize_with = "decimal_total")]
    pub rankings: BigUint,
    /// Nash, GMR, SMR, SEQ.
    pub tallies: Vec<Tally>,
}

fn decimal<S: Serializer>(v: &Option<BigUint>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.serialize_str(&v.to_string()),
        None => s.serialize_none(),
    }
}

fn decimal_total<S: Serializer>(v: &BigUint, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&v.to_string())
}

/// n! exactly.
pub fn factorial(n: usize) -> BigUint {
    (1..=n as u64).fold(BigUint::one(), |a, x| a * x)
}

/// `a / b` as a float, for any sizes.
fn ratio(a: &BigUint, b: &BigUint) -> f64 {
    let shift = b.bits().saturating_sub(1000);
    let a = (a >> shift).to_f64().unwrap_or(f64::INFINITY);
    let b = (b >> shift).to_f64().unwrap_or(f64::INFINITY);
    a / b
}

/// Stability of state `s` for DM `i` under Nash, GMR, SMR and SEQ, read off
/// the explanation (a concept holds when every UI has its kind of sanction).
pub fn stable_at(g: &Graph, i: usize, s: StateId) -> [bool; 4] {
    let e = crate::explain::explain(g, i, s);
    let all = |f: fn(&crate::explain::Improvement) -> bool| e.improvements.iter().all(f);
    [
        e.improvements.is_empty(),
        all(|u| u.sanction.is_some()),
        all(|u| u.inescapable_sanction.is_some()),
        all(|u| u.credible_sanction.is_some()),
    ]
}

/// How many strict rankings of DM `dm` make state `e` (0-based) an
/// equilibrium under each concept, the other DMs' preferences fixed.
pub fn count(g: &Graph, dm: usize, e: StateId, reading: Reading) -> Inverse {
    let rankings = factorial(g.states);
    let tallies = match reading {
        Reading::Standard => standard(g, dm, e, &rankings),
        Reading::GmcrPlus => gmcr_plus(g, dm, e, &rankings),
    };
    Inverse {
        reading,
        rankings,
        tallies,
    }
}

/// The rankings (most preferred first, 1-based state numbers) of DM `dm`
/// that make `e` an equilibrium under `concept`; `None` past
/// [`MAX_ENUMERATED`] states.
pub fn rankings(
    g: &Graph,
    dm: usize,
    e: StateId,
    concept: Concept,
    reading: Reading,
) -> Option<Vec<Vec<usize>>> {
    let mut out = Vec::new();
    for_each_ranking(g, dm, e, reading, |stable, order| {
        if stable[concept as usize] {
            out.push(order.iter().map(|&s| s + 1).collect());
        }
    })?;
    Some(out)
}

/// Counts by enumerating every ranking (the definition itself); `None` past
/// [`MAX_ENUMERATED`] states. The oracle the counting methods are tested
/// against.
pub fn count_by_enumeration(
    g: &Graph,
    dm: usize,
    e: StateId,
    reading: Reading,
) -> Option<[u64; 4]> {
    let mut counts = [0u64; 4];
    for_each_ranking(g, dm, e, reading, |stable, _| {
        for (c, ok) in counts.iter_mut().zip(stable) {
            *c += u64::from(ok);
        }
    })?;
    Some(counts)
}

fn tally(concept: Concept, count: BigUint, total: &BigUint, method: Method) -> Tally {
    Tally {
        concept,
        share: Some(ratio(&count, total)),
        count: Some(count),
        method,
    }
}

fn standard(g: &Graph, dm: usize, e: StateId, total: &BigUint) -> Vec<Tally> {
    let others: Vec<usize> = (0..g.dms.len()).filter(|&d| d != dm).collect();
    let fixed: Vec<[bool; 4]> = others.iter().map(|&d| stable_at(g, d, e)).collect();
    let others_ok = |c: Concept| fixed.iter().all(|f| f[c as usize]);
    let zero = |c: Concept| tally(c, BigUint::zero(), total, Method::OthersUnstable);
    let moves = &g.dms[dm].moves[e as usize];

    let nash = if others_ok(Concept::Nash) {
        let k = moves.len() as u64 + 1;
        tally(Concept::Nash, total / k, total, Method::ClosedForm)
    } else {
        zero(Concept::Nash)
    };

    let sanction_sets = |improving: bool| -> Vec<Vec<StateId>> {
        moves
            .iter()
            .map(|&s| {
                let mut a = coalition_reach(g, dm, s, improving);
                a.push(s);
                a
            })
            .collect()
    };
    let gmr = if others_ok(Concept::Gmr) {
        hitting(Concept::Gmr, g.states, e, sanction_sets(false), total)
    } else {
        zero(Concept::Gmr)
    };

    let smr = if others_ok(Concept::Smr) {
        smr_count(g, dm, e, total)
    } else {
        zero(Concept::Smr)
    };

    // Another DM's SEQ verdict at e depends on this DM's preferences when
    // that DM has an improvement to be sanctioned; if it is not even GMR
    // stable, no ranking helps.
    let dependent: Vec<usize> = others
        .iter()
        .copied()
        .filter(|&d| g.dms[d].improvements(e).next().is_some())
        .collect();
    let seq = if !others_ok(Concept::Gmr) {
        zero(Concept::Seq)
    } else if dependent.is_empty() {
        hitting(Concept::Seq, g.states, e, sanction_sets(true), total)
    } else {
        seq_by_orders(g, dm, e, &dependent, total)
    };
    vec![nash, gmr, smr, seq]
}

/// Rankings in which, for every set in `sets`, some member is ranked below
/// `e`.
fn hitting(
    concept: Concept,
    n: usize,
    e: StateId,
    sets: Vec<Vec<StateId>>,
    total: &BigUint,
) -> Tally {
    // A set containing e is always satisfied (e ⪯ e); a set implied by a
    // subset of it is redundant.
    let mut sets: Vec<Vec<StateId>> = sets
        .into_iter()
        .filter(|a| !a.contains(&e))
        .map(|mut a| {
            a.sort_unstable();
            a.dedup();
            a
        })
        .collect();
    sets.sort_by_key(Vec::len);
    let mut minimal: Vec<Vec<StateId>> = Vec::new();
    for a in sets {
        if !minimal.iter().any(|b| is_subset(b, &a)) {
            minimal.push(a);
        }
    }
    if minimal.len() <= MAX_SETS {
        // coef[u]: signed number of subsets T whose union has u states.
        let mut coef = vec![0i64; n + 1];
        let mut covered = vec![0u32; n];
        inclusion_exclusion(&minimal, 0, 0, true, &mut covered, &mut coef);
        let mut sum = BigInt::zero();
        for (u, &c) in coef.iter().enumerate() {
            if c != 0 {
                sum += BigInt::from(c) * BigInt::from(total / (u as u64 + 1));
            }
        }
        let count = sum.to_biguint().expect("a count is not negative");
        let method = Method::InclusionExclusion {
            sets: minimal.len(),
        };
        return tally(concept, count, total, method);
    }
    let states = minimal
        .iter()
        .flatten()
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    too_large(concept, states)
}

fn too_large(concept: Concept, states: usize) -> Tally {
    Tally {
        concept,
        count: None,
        share: None,
        method: Method::TooLarge { states },
    }
}

fn is_subset(small: &[StateId], big: &[StateId]) -> bool {
    small.iter().all(|x| big.binary_search(x).is_ok())
}

/// Adds (−1)^|T| to `coef[|∪T|]` for every subset T of `sets[k..]` joined
/// to the current one (`size` states covered so far).
fn inclusion_exclusion(
    sets: &[Vec<StateId>],
    k: usize,
    size: usize,
    even: bool,
    covered: &mut [u32],
    coef: &mut [i64],
) {
    if k == sets.len() {
        coef[size] += if even { 1 } else { -1 };
        return;
    }
    inclusion_exclusion(sets, k + 1, size, even, covered, coef);
    let mut added = 0;
    for &t in &sets[k] {
        covered[t as usize] += 1;
        if covered[t as usize] == 1 {
            added += 1;
        }
    }
    inclusion_exclusion(sets, k + 1, size + added, !even, covered, coef);
    for &t in &sets[k] {
        covered[t as usize] -= 1;
    }
}

/// n!·P(every family has a set lying wholly below e), for families whose
/// first set is the single state of a move from e (see [`smr_count`]).
///
/// By inclusion–exclusion over the families that fail: for a subset T of
/// them, count the orders in which T's moves are all above e and none of
/// their other sets lies wholly below e. With B the states below e (|B| = b
/// happens in b!(n−1−b)! orders per b-subset), count the admissible B by
/// size with a generating polynomial: sets that share states form a
/// component whose admissible subsets are listed (in option form a
/// component is a state and its moves, a few states), and free states
/// contribute (1+z) each.
fn families_count(
    concept: Concept,
    n: usize,
    families: &[Vec<Vec<StateId>>],
    total: &BigUint,
) -> Tally {
    let k = families.len();
    let relevant = || {
        families
            .iter()
            .flatten()
            .flatten()
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    };
    if k > MAX_SETS {
        return too_large(concept, relevant());
    }
    let factorials: Vec<BigUint> = {
        let mut f = vec![BigUint::one()];
        for x in 1..=n {
            let next = &f[x - 1] * BigUint::from(x);
            f.push(next);
        }
        f
    };
    let mut sum = BigInt::zero();
    for t in 0..(1u32 << k) {
        let chosen: Vec<&Vec<Vec<StateId>>> = (0..k)
            .filter(|&j| t & (1 << j) != 0)
            .map(|j| &families[j])
            .collect();
        // Above e: each chosen move. Not wholly below e: the other sets.
        let above: std::collections::BTreeSet<StateId> = chosen.iter().map(|f| f[0][0]).collect();
        let sets: Vec<&Vec<StateId>> = chosen
            .iter()
            .flat_map(|f| f[1..].iter())
            .filter(|c| !c.iter().any(|x| above.contains(x)))
            .collect();
        let Some(poly) = admissible_sizes(n - 1 - above.len(), &sets) else {
            return too_large(concept, relevant());
        };
        let mut orders = BigUint::zero();
        for (b, c) in poly.iter().enumerate() {
            if !c.is_zero() {
                orders += c * &factorials[b] * &factorials[n - 1 - b];
            }
        }
        let orders = BigInt::from(orders);
        if t.count_ones() % 2 == 0 {
            sum += orders;
        } else {
            sum -= orders;
        }
    }
    let count = sum.to_biguint().expect("a count is not negative");
    tally(concept, count, total, Method::Components { sets: k })
}

/// Most states in one component of overlapping sets (2^16 subsets).
const MAX_COMPONENT: usize = 16;

/// Coefficient b: the number of b-subsets of `m` states (those the sets
/// use, and free ones) containing none of `sets` wholly.
fn admissible_sizes(m: usize, sets: &[&Vec<StateId>]) -> Option<Vec<BigUint>> {
    // Components: union-find over the sets' states.
    let mut states: Vec<StateId> = sets.iter().flat_map(|c| c.iter().copied()).collect();
    states.sort_unstable();
    states.dedup();
    let index = |x: StateId| states.binary_search(&x).expect("a set's state");
    let mut parent: Vec<usize> = (0..states.len()).collect();
    fn root(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    for c in sets {
        let a = root(&mut parent, index(c[0]));
        for &x in &c[1..] {
            let b = root(&mut parent, index(x));
            parent[b] = a;
        }
    }
    let set_root: Vec<usize> = sets
        .iter()
        .map(|c| root(&mut parent, index(c[0])))
        .collect();
    let mut members: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for x in 0..states.len() {
        let r = root(&mut parent, x);
        members.entry(r).or_default().push(x);
    }
    let mut poly = vec![BigUint::one()];
    for (r, comp) in &members {
        if comp.len() > MAX_COMPONENT {
            return None;
        }
        let local = |x: StateId| comp.binary_search(&index(x)).expect("same component");
        let masks: Vec<u32> = sets
            .iter()
            .zip(&set_root)
            .filter(|&(_, sr)| sr == r)
            .map(|(c, _)| c.iter().fold(0u32, |m, &x| m | 1 << local(x)))
            .collect();
        let mut sizes = vec![0u64; comp.len() + 1];
        for y in 0..(1u32 << comp.len()) {
            if masks.iter().all(|&c| c & !y != 0) {
                sizes[y.count_ones() as usize] += 1;
            }
        }
        poly = multiply(
            &poly,
            &sizes.into_iter().map(BigUint::from).collect::<Vec<_>>(),
        );
    }
    // Free states: (1+z)^free.
    let free = m - states.len();
    let mut binomial = vec![BigUint::one()];
    for j in 1..=free {
        let next = &binomial[j - 1] * BigUint::from(free - j + 1) / BigUint::from(j);
        binomial.push(next);
    }
    Some(multiply(&poly, &binomial))
}

fn multiply(a: &[BigUint], b: &[BigUint]) -> Vec<BigUint> {
    let mut out = vec![BigUint::zero(); a.len() + b.len() - 1];
    for (i, x) in a.iter().enumerate() {
        if x.is_zero() {
            continue;
        }
        for (j, y) in b.iter().enumerate() {
            out[i + j] += x * y;
        }
    }
    out
}

/// SMR for the varied DM: every move e→s needs s below e, or a sanction t
/// (GMR reach from s) below e from which every move of the DM lands below e
/// (or on e).
fn smr_count(g: &Graph, dm: usize, e: StateId, total: &BigUint) -> Tally {
    let me = &g.dms[dm];
    // Per move, the sets of which one must lie wholly below e.
    let mut families: Vec<Vec<Vec<StateId>>> = Vec::new();
    for &s in &me.moves[e as usize] {
        let mut family = vec![vec![s]];
        for t in coalition_reach(g, dm, s, false) {
            let mut c: Vec<StateId> = std::iter::once(t)
                .chain(me.moves[t as usize].iter().copied())
                .filter(|&u| u != e)
                .collect();
            c.sort_unstable();
            c.dedup();
            family.push(c);
        }
        if family.iter().any(Vec::is_empty) {
            continue;
        }
        families.push(family);
    }
    families_count(Concept::Smr, g.states, &families, total)
}

/// SEQ when other DMs' credible sanctions run through the varied DM's own
/// improvements: enumerate the DM's orders of the relevant states.
fn seq_by_orders(g: &Graph, dm: usize, e: StateId, dependent: &[usize], total: &BigUint) -> Tally {
    let me = &g.dms[dm];
    let mut relevant = vec![e];
    for &s in &me.moves[e as usize] {
        relevant.push(s);
        relevant.extend(coalition_reach(g, dm, s, true));
    }
    for &j in dependent {
        // j's credible sanctions: the other opponents' UIs (fixed) and any
        // move of this DM (whether it is a UI depends on the order).
        let members: Vec<usize> = (0..g.dms.len()).filter(|&k| k != j).collect();
        let allowed = |k: usize, s: StateId, t: StateId| {
            k == dm || g.dms[k].payoff[t as usize] > g.dms[k].payoff[s as usize]
        };
        for s in g.dms[j].improvements(e) {
            let mut from = reach_by(g, &members, s, allowed);
            from.push(s);
            for x in from {
                relevant.push(x);
                relevant.extend(me.moves[x as usize].iter().copied());
            }
        }
    }
    relevant.sort_unstable();
    relevant.dedup();
    let m = relevant.len();
    if m > MAX_RELEVANT_ORDERS {
        return too_large(Concept::Seq, m);
    }
    let mut graph = g.clone();
    graph.dms[dm].payoff = vec![0; g.states];
    let mut good = 0u64;
    permutations(&mut relevant.clone(), |order| {
        for (rank, &s) in order.iter().enumerate() {
            graph.dms[dm].payoff[s as usize] = (m - rank) as i64;
        }
        let stable = |d: usize| stable_at(&graph, d, e)[Concept::Seq as usize];
        if stable(dm) && dependent.iter().all(|&d| stable(d)) {
            good += 1;
        }
    });
    let count = BigUint::from(good) * (total / factorial(m));
    tally(
        Concept::Seq,
        count,
        total,
        Method::RelevantOrders { states: m },
    )
}

/// Calls `f` on every permutation of `items` (Heap's algorithm).
fn permutations<T>(items: &mut [T], mut f: impl FnMut(&[T])) {
    let n = items.len();
    let mut c = vec![0usize; n];
    f(items);
    let mut i = 0;
    while i < n {
        if c[i] < i {
            if i % 2 == 0 {
                items.swap(0, i);
            } else {
                items.swap(c[i], i);
            }
            f(items);
            c[i] += 1;
            i = 0;
        } else {
            c[i] = 0;
            i += 1;
        }
    }
}

fn gmcr_plus(g: &Graph, dm: usize, e: StateId, total: &BigUint) -> Vec<Tally> {
    match count_by_enumeration(g, dm, e, Reading::GmcrPlus) {
        Some(counts) => Concept::ALL
            .iter()
            .zip(counts)
            .map(|(&c, v)| tally(c, BigUint::from(v), total, Method::Enumeration))
            .collect(),
        None => Concept::ALL
            .iter()
            .map(|&c| too_large(c, g.states))
            .collect(),
    }
}

/// Verdicts of GMCR+'s inverse solver for DM `j` at `e`: Nash as standard;
/// otherwise each UI (in state order) *replaces* the verdict, so the last
/// one decides. Sanctions are one move by one opponent (any move for GMR
/// and SMR, a UI of the mover for SEQ); for SMR only the first sanction
/// below e is tried, and fails if the DM can then move above e.
fn gmcr_plus_verdicts(g: &Graph, j: usize, e: StateId) -> [bool; 4] {
    let me = &g.dms[j];
    let p = &me.payoff;
    let pe = p[e as usize];
    let nash = me.moves[e as usize].iter().all(|&s| p[s as usize] <= pe);
    if nash {
        return [true; 4];
    }
    let (mut gmr, mut smr, mut seq) = (false, false, false);
    for s in me.improvements(e) {
        let sanctions = || {
            g.dms
                .iter()
                .enumerate()
                .filter(move |&(k, _)| k != j)
                .flat_map(move |(_, d)| d.moves[s as usize].iter().map(move |&t| (d, t)))
        };
        gmr = sanctions().any(|(_, t)| pe > p[t as usize]);
        seq = sanctions()
            .filter(|(d, t)| d.payoff[*t as usize] > d.payoff[s as usize])
            .any(|(_, t)| pe > p[t as usize]);
        smr = sanctions()
            .find(|&(_, t)| pe > p[t as usize])
            .is_some_and(|(_, t)| me.moves[t as usize].iter().all(|&u| p[u as usize] <= pe));
    }
    [nash, gmr, smr, seq]
}

fn for_each_ranking(
    g: &Graph,
    dm: usize,
    e: StateId,
    reading: Reading,
    mut f: impl FnMut([bool; 4], &[usize]),
) -> Option<()> {
    let n = g.states;
    if n > MAX_ENUMERATED {
        return None;
    }
    let verdicts = |g: &Graph, d: usize| match reading {
        Reading::Standard => stable_at(g, d, e),
        Reading::GmcrPlus => gmcr_plus_verdicts(g, d, e),
    };
    let mut graph = g.clone();
    let mut order: Vec<usize> = (0..n).collect();
    permutations(&mut order, |order| {
        for (rank, &s) in order.iter().enumerate() {
            graph.dms[dm].payoff[s] = (n - rank) as i64;
        }
        let mut all = [true; 4];
        for d in 0..graph.dms.len() {
            let v = verdicts(&graph, d);
            for k in 0..4 {
                all[k] &= v[k];
            }
        }
        f(all, order);
    });
    Some(())
}
