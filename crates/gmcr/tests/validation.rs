//! Published cases of `shared/docs/validation.md` §1, each naming its source.

use detente_gmcr::graph::{Dm, payoff_from_order};
use detente_gmcr::options::{Condition, Direction, OptionDef, OptionForm};
use detente_gmcr::stability::analyze;
use detente_gmcr::{Concept, Graph, Stability};

fn opt(name: &str, dm: usize, direction: Direction) -> OptionDef {
    OptionDef {
        name: name.into(),
        dm,
        direction,
    }
}

/// Builds an option-form conflict whose DMs rank states by number.
fn ranked(form: &OptionForm, orders: &[&[usize]]) -> Graph {
    let n = form.feasible_states().len();
    let payoffs: Vec<Vec<i64>> = orders
        .iter()
        .zip(&form.dms)
        .map(|(o, name)| payoff_from_order(name, n, o).unwrap())
        .collect();
    form.graph(|dm, s, _| payoffs[dm][s]).unwrap()
}

/// Syria–Iraq, Euphrates 1975: options 1 release water and 2 escalate
/// (Syria, exclusive), 3 attack (Iraq).
fn syria_iraq_form() -> OptionForm {
    OptionForm {
        dms: vec!["Syria".into(), "Iraq".into()],
        options: vec![
            opt("release water", 0, Direction::Both),
            opt("escalate", 0, Direction::Both),
            opt("attack", 1, Direction::Both),
        ],
        infeasible: Condition::mutually_exclusive(&[0, 1]),
    }
}

const SYRIA: [usize; 6] = [1, 3, 6, 2, 4, 5];
const IRAQ: [usize; 6] = [2, 4, 6, 1, 5, 3];

/// Cuban missile crisis: 1 air strike (US, irreversible), 2 blockade (US),
/// 3 withdraw and 4 escalate (USSR, exclusive).
fn cuba_form() -> OptionForm {
    OptionForm {
        dms: vec!["US".into(), "USSR".into()],
        options: vec![
            opt("air strike", 0, Direction::OnlyToYes),
            opt("blockade", 0, Direction::Both),
            opt("withdraw", 1, Direction::Both),
            opt("escalate", 1, Direction::Both),
        ],
        infeasible: Condition::mutually_exclusive(&[2, 3]),
    }
}

const US: [usize; 12] = [5, 7, 6, 8, 3, 2, 4, 1, 12, 10, 11, 9];
const USSR: [usize; 12] = [1, 5, 7, 3, 6, 2, 8, 4, 12, 10, 11, 9];

fn two_by_two(r1: &[usize], r2: &[usize]) -> Stability {
    let form = OptionForm {
        dms: vec!["DM1".into(), "DM2".into()],
        options: vec![
            opt("cooperate", 0, Direction::Both),
            opt("cooperate", 1, Direction::Both),
        ],
        infeasible: vec![],
    };
    analyze(&ranked(&form, &[r1, r2]))
}

fn eq(st: &Stability) -> [Vec<usize>; 4] {
    Concept::ALL.map(|c| st.equilibria(c))
}

/// Prisoner's Dilemma and Chicken (validation.md §1.2; Fang, Hipel & Kilgour 1993).
#[test]
fn prisoners_dilemma_and_chicken() {
    let pd = two_by_two(&[3, 4, 1, 2], &[2, 4, 1, 3]);
    assert_eq!(eq(&pd), [vec![1], vec![1, 4], vec![1, 4], vec![1, 4]]);
    let chicken = two_by_two(&[3, 4, 2, 1], &[2, 4, 3, 1]);
    assert_eq!(
        eq(&chicken),
        [vec![2, 3], vec![2, 3, 4], vec![2, 3, 4], vec![2, 3]]
    );
}

/// Syria–Iraq, Euphrates 1975 (Hipel, Kilgour & Kinsara, Group Decision and
/// Negotiation 23(3), 2014; validation.md §1.3).
#[test]
fn syria_iraq() {
    let form = syria_iraq_form();
    assert_eq!(
        form.feasible_states(),
        vec![0b000, 0b001, 0b010, 0b100, 0b101, 0b110]
    );
    let st = analyze(&ranked(&form, &[&SYRIA, &IRAQ]));
    assert_eq!(eq(&st), [vec![6], vec![1, 6], vec![6], vec![6]]);
}

/// Cuban missile crisis (GMCR+ example set, a regression case; validation.md §1.4).
#[test]
fn cuban_missile_crisis() {
    let form = cuba_form();
    let g = ranked(&form, &[&US, &USSR]);
    assert_eq!(g.states, 12);
    let st = analyze(&g);
    let gmr = vec![1, 2, 3, 5, 6, 7, 8];
    assert_eq!(eq(&st), [vec![6], gmr.clone(), gmr, vec![5, 6, 7]]);
}

const ELMIRA_MOE: [usize; 9] = [7, 3, 4, 8, 5, 1, 2, 6, 9];
const ELMIRA_UR: [usize; 9] = [1, 4, 8, 5, 9, 2, 3, 7, 6];
const ELMIRA_LG: [usize; 9] = [7, 3, 5, 1, 8, 6, 4, 2, 9];

/// Elmira in the published 9-state form, moves as listed in the paper.
fn elmira9() -> Graph {
    let moves = |pairs: &[(usize, usize)]| {
        let mut m = vec![Vec::new(); 9];
        for &(a, b) in pairs {
            m[a - 1].push(b as u32 - 1);
        }
        m
    };
    let mut ur: Vec<(usize, usize)> = vec![(1, 3), (2, 4), (5, 7), (6, 8)];
    ur.extend((1..=8).map(|s| (s, 9)));
    let lg: Vec<(usize, usize)> = [(1, 5), (2, 6), (3, 7), (4, 8)]
        .iter()
        .flat_map(|&(a, b)| [(a, b), (b, a)])
        .collect();
    let dm = |name: &str, pairs: &[(usize, usize)], order: &[usize]| Dm {
        name: name.into(),
        moves: moves(pairs).into(),
        payoff: payoff_from_order(name, 9, order).unwrap(),
    };
    Graph::new(
        9,
        vec![
            dm("MoE", &[(1, 2), (3, 4), (5, 6), (7, 8)], &ELMIRA_MOE),
            dm("UR", &ur, &ELMIRA_UR),
            dm("LG", &lg, &ELMIRA_LG),
        ],
    )
    .unwrap()
}

/// Elmira groundwater contamination (Hipel, Fang, Kilgour & Haight 1993;
/// Kilgour & Hipel 2005; validation.md §1.1), with per-DM tables.
#[test]
fn elmira_nine_states() {
    let st = analyze(&elmira9());
    let all: Vec<usize> = (1..=9).collect();
    let ur = vec![1, 4, 5, 8, 9];
    use Concept::*;
    assert_eq!(st.equilibria(Nash), vec![5, 8, 9]);
    assert_eq!(st.equilibria(Gmr), vec![1, 4, 5, 8, 9]);
    assert_eq!(st.equilibria(Smr), vec![1, 4, 5, 8, 9]);
    assert_eq!(st.equilibria(Seq), vec![5, 8, 9]);
    for c in Concept::ALL {
        assert_eq!(st.stable_for(0, c), all, "MoE {c:?}");
        assert_eq!(st.stable_for(1, c), ur, "UR {c:?}");
    }
    assert_eq!(st.stable_for(2, Nash), vec![5, 6, 7, 8, 9]);
    assert_eq!(st.stable_for(2, Gmr), all);
    assert_eq!(st.stable_for(2, Smr), all);
    assert_eq!(st.stable_for(2, Seq), vec![2, 3, 5, 6, 7, 8, 9]);
}

/// Elmira's five options as free choices: 1 Modify (MoE, cannot be undone),
/// 2 Delay (UR, only dropped), 3 Accept (UR), 4 Abandon (UR, cannot be
/// undone), 5 Insist (LG); UR chooses exactly one of Delay, Accept, Abandon.
fn elmira_form() -> OptionForm {
    OptionForm {
        dms: vec!["MoE".into(), "UR".into(), "LG".into()],
        options: vec![
            opt("modify", 0, Direction::OnlyToYes),
            opt("delay", 1, Direction::OnlyToNo),
            opt("accept", 1, Direction::Both),
            opt("abandon", 1, Direction::OnlyToYes),
            opt("insist", 2, Direction::Both),
        ],
        infeasible: {
            let mut c = Condition::mutually_exclusive(&[1, 2, 3]);
            c.push(Condition::at_least_one(&[1, 2, 3]));
            c
        },
    }
}

/// The published 9-state number of an option pattern (abandonment = 9).
fn elmira_paper_state(bits: u64) -> usize {
    if bits >> 3 & 1 == 1 {
        return 9;
    }
    1 + (bits & 1) as usize + 2 * (bits >> 2 & 1) as usize + 4 * (bits >> 4 & 1) as usize
}

/// Elmira with the five options as free binary choices and "UR chooses
/// exactly one of Delay, Accept, Abandon": 12 states, all abandon states tied
/// for every DM; mapped back to the 9 states, every verdict must agree.
#[test]
fn elmira_twelve_states_agree_with_nine() {
    let form = elmira_form();
    let nine = elmira_paper_state;
    let g9 = elmira9();
    let st9 = analyze(&g9);
    let g12 = form
        .graph(|dm, _, bits| g9.dms[dm].payoff[nine(bits) - 1])
        .unwrap();
    assert_eq!(g12.states, 12);
    let st12 = analyze(&g12);
    let states = form.feasible_states();
    for dm in 0..3 {
        for (i, &bits) in states.iter().enumerate() {
            assert_eq!(
                st12.stable[dm][i],
                st9.stable[dm][nine(bits) - 1],
                "DM {dm}, 12-state {} = 9-state {}",
                i + 1,
                nine(bits)
            );
        }
    }
}

/// Option prioritisation reproduces the published Elmira rankings
/// (validation.md §1.5): MoE `3` ≫ `-4` ≫ `-1` ≫ `(-1 & 5) | (1 & -5)`;
/// LG `-4` ≫ `-1` ≫ `3 | 1` ≫ `5 if 1` ≫ `-2` ≫ `5`. Options: 1 Modify,
/// 2 Delay, 3 Accept, 4 Abandon, 5 Insist; state 9 is abandonment with the
/// other options N.
#[test]
fn elmira_rankings_from_option_prioritisation() {
    use detente_gmcr::prefs::{Statement, score};
    // (Modify, Delay, Accept, Abandon, Insist) of the nine states.
    let states: [u64; 9] = [
        0b00010, 0b00011, 0b00100, 0b00101, 0b10010, 0b10011, 0b10100, 0b10101, 0b01000,
    ];
    let ranking = |statements: &[&str]| -> Vec<usize> {
        let parsed: Vec<Statement> = statements
            .iter()
            .map(|s| Statement::parse(s, 5).unwrap())
            .collect();
        let mut order: Vec<usize> = (1..=9).collect();
        order.sort_by_key(|&s| std::cmp::Reverse(score(&parsed, states[s - 1])));
        order
    };
    assert_eq!(
        ranking(&["3", "-4", "-1", "(-1 & 5) | (1 & -5)"]),
        ELMIRA_MOE
    );
    assert_eq!(
        ranking(&["-4", "-1", "3 | 1", "5 if 1", "-2", "5"]),
        ELMIRA_LG
    );
}

/// Elmira status quo and coalition analysis (validation.md §1.1; Kilgour,
/// Hipel, Fang & Peng 2001): from state 1, LG's UI 1→5 reaches equilibrium
/// 5; the coalition {MoE, UR} has a joint improvement 5→8, the historical
/// outcome.
#[test]
fn elmira_status_quo_and_coalition() {
    use detente_gmcr::coalition::{CoalitionMove, improvements};
    use detente_gmcr::status_quo::{Step, reachable};
    let g = elmira9();
    let reached = reachable(&g, 0);
    assert_eq!(reached[0].state, 1);
    let five = reached
        .iter()
        .find(|r| r.state == 5)
        .expect("5 is reachable");
    assert_eq!(five.path, vec![Step { dm: 2, to: 5 }]);
    let eq = analyze(&g).equilibria(Concept::Nash);
    let reachable_eq: Vec<usize> = reached
        .iter()
        .map(|r| r.state)
        .filter(|s| eq.contains(s))
        .collect();
    assert!(reachable_eq.contains(&5), "{reachable_eq:?}");
    let from5 = improvements(&g, 4);
    assert!(
        from5.contains(&CoalitionMove {
            members: vec![0, 1],
            to: 8
        }),
        "{from5:?}"
    );
    assert!(from5.iter().all(|c| c.to == 8), "{from5:?}");
}

/// Inverse analysis, Syria–Iraq (Hipel, Kilgour & Kinsara 2014; validation.md
/// §1.3): desired equilibrium state 2, Iraq fixed, Syria's ranking free (720
/// strict orders). Published: 240 Nash, 420 SEQ; computed there: GMR 420,
/// SMR 300.
///
/// The published counts come from GMCR+'s inverse solver
/// (`InverseSolver.findEquilibria` in GMCR+'s `data_02_conflictSolvers.py`),
/// where each improvement overwrites the verdict of the one before, so only
/// Syria's last improvement (in state order) must be sanctioned.
/// `Reading::GmcrPlus` reproduces all four figures. Under the standard
/// definitions both of Syria's improvements from 2 (to 1 and to 3) must be
/// sanctioned; Iraq can only answer 1→4 and 3→6, so state 2 is GMR for
/// Syria iff (1 ≺ 2 or 4 ≺ 2) and (3 ≺ 2 or 6 ≺ 2): by inclusion–exclusion
/// 720·(1 − 1/3 − 1/3 + 1/5) = 384, checked here against a direct count.
#[test]
fn syria_iraq_inverse_counts() {
    use detente_gmcr::inverse::{Method, Reading, count, count_by_enumeration, rankings};
    let form = syria_iraq_form();
    let g = ranked(&form, &[&SYRIA, &IRAQ]);
    let counts = |r: Reading| -> Vec<u64> {
        count(&g, 0, 1, r)
            .tallies
            .iter()
            .map(|t| u64::try_from(t.count.clone().unwrap()).unwrap())
            .collect()
    };
    // Nash, GMR, SMR, SEQ.
    assert_eq!(counts(Reading::GmcrPlus), [240, 420, 300, 420]);
    assert_eq!(counts(Reading::Standard), [240, 384, 300, 384]);
    let standard = count(&g, 0, 1, Reading::Standard);
    assert_eq!(standard.rankings, 720u32.into());
    assert_eq!(standard.tallies[0].method, Method::ClosedForm);
    assert_eq!(
        standard.tallies[1].method,
        Method::InclusionExclusion { sets: 2 }
    );
    // The counting methods agree with enumerating all 720 rankings.
    assert_eq!(
        count_by_enumeration(&g, 0, 1, Reading::Standard).unwrap(),
        [240, 384, 300, 384]
    );
    // Direct count of the GMR condition above over all 720 orders.
    let mut direct = 0;
    let mut order = [1usize, 2, 3, 4, 5, 6];
    let below =
        |o: &[usize; 6], x: usize| o.iter().position(|&s| s == x) > o.iter().position(|&s| s == 2);
    permute(&mut order, 0, &mut |o| {
        direct += u64::from((below(o, 1) || below(o, 4)) && (below(o, 3) || below(o, 6)));
    });
    assert_eq!(direct, 384);
    let listed = rankings(&g, 0, 1, Concept::Nash, Reading::Standard).unwrap();
    assert_eq!(listed.len(), 240);
    // In every listed ranking, state 2 is above the states Syria reaches from it (1 and 3).
    for r in &listed {
        let pos = |s: usize| r.iter().position(|&x| x == s).unwrap();
        assert!(pos(2) < pos(1) && pos(2) < pos(3), "{r:?}");
    }
}

fn permute(a: &mut [usize; 6], k: usize, f: &mut dyn FnMut(&[usize; 6])) {
    if k == a.len() {
        return f(a);
    }
    for i in k..a.len() {
        a.swap(k, i);
        permute(a, k + 1, f);
        a.swap(k, i);
    }
}

/// Coalition-Nash stability of Elmira: no DM or coalition can improve from
/// it. State 5 is not (the {MoE, UR} move 5→8); it must be a subset of the
/// Nash equilibria 5, 8, 9.
#[test]
fn elmira_coalition_stable_states() {
    use detente_gmcr::coalition::coalition_nash_stable;
    let g = elmira9();
    let stable = coalition_nash_stable(&g);
    assert!(!stable.contains(&5), "{stable:?}");
    assert!(stable.iter().all(|s| [8, 9].contains(s)), "{stable:?}");
    assert!(stable.contains(&8), "the historical outcome 8: {stable:?}");
}

/// Explanations agree with the verdicts on Elmira and name the sanction. At
/// state 1 LG's only UI is 1→5 (insist); MoE's reply 5→6 leaves LG worse off
/// than at 1 (LG ranks 6 below 1), so LG is GMR-stable there, but no
/// opponent gains by a reply (MoE ranks 6 below 5, UR ranks 7 and 9 below
/// 5), so LG is not SEQ-stable at 1, as the published table says.
#[test]
fn explanations_match_verdicts() {
    use detente_gmcr::explain::explain;
    let g = elmira9();
    let st = analyze(&g);
    for dm in 0..3 {
        for s in 0..9u32 {
            let e = explain(&g, dm, s);
            let v = st.stable[dm][s as usize];
            assert_eq!(v[0], e.improvements.is_empty());
            assert_eq!(v[1], e.improvements.iter().all(|u| u.sanction.is_some()));
            assert_eq!(
                v[2],
                e.improvements
                    .iter()
                    .all(|u| u.inescapable_sanction.is_some())
            );
            assert_eq!(
                v[3],
                e.improvements.iter().all(|u| u.credible_sanction.is_some())
            );
            for u in &e.improvements {
                for path in [&u.sanction, &u.credible_sanction, &u.inescapable_sanction]
                    .into_iter()
                    .flatten()
                {
                    assert!(path.iter().all(|step| step.dm != dm), "opponents only");
                    assert!(
                        path.windows(2).all(|w| w[0].dm != w[1].dm),
                        "no DM twice in a row"
                    );
                }
            }
        }
    }
    let e = explain(&g, 2, 0);
    assert_eq!(e.improvements.len(), 1);
    assert_eq!(e.improvements[0].to, 5);
    use detente_gmcr::status_quo::Step;
    assert_eq!(
        e.improvements[0].sanction,
        Some(vec![Step { dm: 0, to: 6 }])
    );
    assert_eq!(e.improvements[0].credible_sanction, None);
}

/// GMCR+ import. Prisoner's Dilemma written as prioritised conditions (DM1:
/// other cooperates ≫ self defects) gives the published rankings and
/// results; the Cuban missile crisis with manual preference vectors and its
/// options listed out of DM order (the import reorders them DM by DM, as
/// GMCR+ does) reproduces validation.md §1.4.
#[test]
fn gmcr_plus_import() {
    use detente_gmcr::gmcr_plus::import;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gmcr");
    let pd = import(&std::fs::read_to_string(dir.join("prisoners.gmcr")).unwrap()).unwrap();
    let order = |p: &[i64]| {
        let mut o: Vec<usize> = (1..=p.len()).collect();
        o.sort_by_key(|&s| std::cmp::Reverse(p[s - 1]));
        o
    };
    assert_eq!(order(&pd.payoffs[0]), [3, 4, 1, 2]);
    assert_eq!(order(&pd.payoffs[1]), [2, 4, 1, 3]);
    let st = analyze(&pd.graph().unwrap());
    assert_eq!(eq(&st), [vec![1], vec![1, 4], vec![1, 4], vec![1, 4]]);

    let cuba = import(&std::fs::read_to_string(dir.join("cuban_manual.gmcr")).unwrap()).unwrap();
    let names: Vec<&str> = cuba.form.options.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["Air Strike", "Blockade", "Withdraw", "Escalate"]);
    assert_eq!(cuba.form.options[0].direction, Direction::OnlyToYes);
    let st = analyze(&cuba.graph().unwrap());
    let gmr = vec![1, 2, 3, 5, 6, 7, 8];
    assert_eq!(eq(&st), [vec![6], gmr.clone(), gmr, vec![5, 6, 7]]);

    assert!(import("{}").is_err());
    assert!(
        import(
            r#"{"options": [{"name": "a"}], "decisionMakers": [{"name": "x", "options": [3]}]}"#
        )
        .is_err()
    );
}

/// SIM and SEQ+SIM: Syria–Iraq SIM {6} (validation.md §1.3); Cuban missile
/// crisis SIM {6}, SEQ+SIM {5, 6, 7} (§1.4).
#[test]
fn simultaneous_stability() {
    use detente_gmcr::sim;
    let equilibria = |v: &[Vec<bool>]| -> Vec<usize> {
        (0..v[0].len())
            .filter(|&s| v.iter().all(|d| d[s]))
            .map(|s| s + 1)
            .collect()
    };
    let syria = syria_iraq_form();
    let g = ranked(&syria, &[&SYRIA, &IRAQ]);
    assert_eq!(equilibria(&sim::analyze(&syria, &g)), vec![6]);

    let cuba = cuba_form();
    let g = ranked(&cuba, &[&US, &USSR]);
    let s = sim::analyze(&cuba, &g);
    assert_eq!(equilibria(&s), vec![6]);
    let seq = analyze(&g);
    let seq_sim: Vec<Vec<bool>> = (0..2)
        .map(|d| {
            (0..12)
                .map(|x| s[d][x] || seq.stable[d][x][Concept::Seq as usize])
                .collect()
        })
        .collect();
    assert_eq!(equilibria(&seq_sim), vec![5, 6, 7]);
    // `Stability` carries the same: the one source of every equilibrium.
    use detente_gmcr::Solution;
    let all = detente_gmcr::stability::analyze_all(&cuba, &g);
    assert_eq!(all.equilibria_under(Solution::Sim), Some(vec![6]));
    assert_eq!(all.equilibria_under(Solution::SeqSim), Some(vec![5, 6, 7]));
    assert_eq!(all.solutions().len(), 6);
    // Without simultaneous moves (merged states), SIM is undefined, not empty.
    let seq_only = analyze(&g);
    assert_eq!(seq_only.equilibria_under(Solution::Sim), None);
    assert_eq!(seq_only.stable_under(0, Solution::SeqSim), None);
    assert_eq!(
        seq_only.equilibria_under(Solution::Seq),
        all.equilibria_under(Solution::Seq)
    );
}

/// Elmira from its five options as free choices ("UR chooses exactly one of
/// Delay, Accept, Abandon"), the abandonment states coalesced, and MoE's and
/// LG's preferences as the published statements (validation.md §1.5): the
/// published 9-state results, mapped to the coalesced numbering
/// (1 D, 2 M D, 3 A, 4 M A, 5 abandoned, 6 D I, 7 M D I, 8 A I, 9 M A I).
#[test]
fn elmira_coalesced_from_statements() {
    use detente_gmcr::coalesce::coalesce;
    use detente_gmcr::prefs::{Statement, score};
    let form = elmira_form();
    let paper = elmira_paper_state;
    let statements = |list: &[&str]| -> Vec<Statement> {
        list.iter()
            .map(|s| Statement::parse(s, 5).unwrap())
            .collect()
    };
    let moe = statements(&["3", "-4", "-1", "(-1 & 5) | (1 & -5)"]);
    let lg = statements(&["-4", "-1", "3 | 1", "5 if 1", "-2", "5"]);
    let ur = payoff_from_order("UR", 9, &ELMIRA_UR).unwrap();
    let states = form.feasible_states();
    let g = form
        .graph(|d, _, bits| match d {
            0 => score(&moe, bits),
            1 => ur[paper(bits) - 1],
            _ => score(&lg, bits),
        })
        .unwrap();
    let c = coalesce(&g, &states, &[Condition(vec![(3, true)])]).unwrap();
    assert_eq!(c.graph.states, 9);
    let ours: Vec<usize> = c.states.iter().map(|&b| paper(b)).collect();
    assert_eq!(ours, [1, 2, 3, 4, 9, 5, 6, 7, 8]);
    let st = analyze(&c.graph);
    let to_paper = |v: Vec<usize>| -> Vec<usize> {
        let mut p: Vec<usize> = v.into_iter().map(|s| ours[s - 1]).collect();
        p.sort_unstable();
        p
    };
    assert_eq!(to_paper(st.equilibria(Concept::Nash)), [5, 8, 9]);
    assert_eq!(to_paper(st.equilibria(Concept::Gmr)), [1, 4, 5, 8, 9]);
    assert_eq!(to_paper(st.equilibria(Concept::Smr)), [1, 4, 5, 8, 9]);
    assert_eq!(to_paper(st.equilibria(Concept::Seq)), [5, 8, 9]);
    assert_eq!(
        to_paper(st.stable_for(2, Concept::Seq)),
        [2, 3, 5, 6, 7, 8, 9]
    );
}
