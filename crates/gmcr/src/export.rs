//! The conflict graph for other tools: Graphviz DOT and plain JSON.
//! States are numbered from 1; every move is an edge labelled by its DM,
//! drawn bold when it is a unilateral improvement for that DM.

use std::fmt::Write;

use serde::Serialize;

use crate::graph::Graph;

#[derive(Debug, Serialize)]
pub struct GraphJson {
    pub dms: Vec<String>,
    pub states: Vec<StateJson>,
    pub moves: Vec<MoveJson>,
}

#[derive(Debug, Serialize)]
pub struct StateJson {
    pub number: usize,
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct MoveJson {
    pub dm: String,
    pub from: usize,
    pub to: usize,
    /// The DM strictly prefers `to` to `from`.
    pub improvement: bool,
}

/// The graph as data; `labels[s]` names state s (e.g. its Y/N pattern).
pub fn to_json(g: &Graph, labels: &[String]) -> GraphJson {
    GraphJson {
        dms: g.dms.iter().map(|d| d.name.clone()).collect(),
        states: (0..g.states)
            .map(|s| StateJson {
                number: s + 1,
                label: labels.get(s).cloned().unwrap_or_default(),
            })
            .collect(),
        moves: g
            .dms
            .iter()
            .flat_map(|d| {
                d.moves.iter().enumerate().flat_map(move |(s, ts)| {
                    ts.iter().map(move |&t| MoveJson {
                        dm: d.name.clone(),
                        from: s + 1,
                        to: t as usize + 1,
                        improvement: d.payoff[t as usize] > d.payoff[s],
                    })
                })
            })
            .collect(),
    }
}

/// Graphviz DOT: `dot -Tsvg` draws it.
pub fn to_dot(g: &Graph, labels: &[String]) -> String {
    const COLOURS: [&str; 8] = [
        "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf",
    ];
    let quote = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    let mut out = String::from("digraph conflict {\n  node [shape=box, fontname=\"Helvetica\"];\n");
    for s in 0..g.states {
        let label = labels
            .get(s)
            .map_or(String::new(), |l| format!("\\n{}", quote(l)));
        let _ = writeln!(out, "  s{} [label=\"{}{label}\"];", s + 1, s + 1);
    }
    let j = to_json(g, labels);
    for m in &j.moves {
        let d = j.dms.iter().position(|x| *x == m.dm).unwrap_or(0);
        let _ = writeln!(
            out,
            "  s{} -> s{} [label=\"{}\", color=\"{}\"{}];",
            m.from,
            m.to,
            quote(&m.dm),
            COLOURS[d % COLOURS.len()],
            if m.improvement {
                ", penwidth=2.5"
            } else {
                ", style=dashed"
            }
        );
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Dm;

    #[test]
    fn dot_and_json_list_every_move() {
        let g = Graph::new(
            2,
            vec![
                Dm {
                    name: "A\"x".into(),
                    moves: vec![vec![1], vec![0]].into(),
                    payoff: vec![0, 1],
                },
                Dm {
                    name: "B".into(),
                    moves: vec![vec![], vec![]].into(),
                    payoff: vec![0, 0],
                },
            ],
        )
        .unwrap();
        let j = to_json(&g, &["N".into(), "Y".into()]);
        assert_eq!(j.moves.len(), 2);
        assert!(j.moves[0].improvement && !j.moves[1].improvement);
        let dot = to_dot(&g, &["N".into(), "Y".into()]);
        assert!(
            dot.contains("s1 -> s2 [label=\"A\\\"x\", color=\"#1f77b4\", penwidth=2.5];"),
            "{dot}"
        );
        assert!(dot.contains("s2 -> s1") && dot.contains("style=dashed"));
        assert!(dot.starts_with("digraph conflict {") && dot.ends_with("}\n"));
    }
}
