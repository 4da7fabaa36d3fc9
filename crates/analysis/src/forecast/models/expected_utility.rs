//! Bueno de Mesquita's expected-utility model in Scholz, Calbert and
//! Smith's reading (2011; `detente_forecast::expected_utility`): actors
//! challenge, compromise or capitulate round by round.

use detente_forecast::monte_carlo::{Model, Models};
use detente_forecast::{Problem, expected_utility};

use crate::forecast::registry::{Dyad, ForecastModel, ModelRun};

pub struct ExpectedUtility;

impl ForecastModel for ExpectedUtility {
    fn id(&self) -> &str {
        "expected-utility"
    }
    fn label(&self) -> &str {
        "expected utility"
    }
    fn about(&self, params: &Models) -> String {
        format!(
            "expected utility (Bueno de Mesquita, Scholz et al. reading, {} rounds)",
            params.eu.rounds
        )
    }
    fn trajectory_caption(&self) -> Option<&str> {
        Some("Expected-utility rounds")
    }
    fn forecast(&self, p: &Problem, params: &Models) -> Result<Vec<f64>, String> {
        super::engine(p, Model::ExpectedUtility, params)
    }
    fn explain(&self, p: &Problem, params: &Models) -> Result<ModelRun, String> {
        p.check(Model::ExpectedUtility.min_actors())
            .map_err(|e| e.to_string())?;
        let runs: Vec<_> = (0..p.dimensions.len())
            .map(|k| expected_utility::run(p, k, &params.eu))
            .collect::<Result<_, _>>()
            .map_err(|e| e.to_string())?;
        let rounds = runs[0].rounds.len();
        let at = |t: usize, i: usize| -> Vec<f64> {
            runs.iter()
                .map(|run| {
                    if t == 0 {
                        run.initial[i]
                    } else {
                        run.rounds[t - 1].positions[i]
                    }
                })
                .collect()
        };
        let mut dyads = Vec::new();
        for (k, run) in runs.iter().enumerate() {
            for (t, round) in run.rounds.iter().enumerate() {
                dyads.extend(round.dyads.iter().map(|d| Dyad {
                    round: t + 1,
                    dimension: k,
                    receiver: d.receiver,
                    proposer: d.proposer,
                    eu_receiver: d.eu_receiver,
                    eu_proposer: d.eu_proposer,
                    offer: d.offer.map(Into::into),
                    position: d.position,
                    taken: d.taken,
                }));
            }
        }
        Ok(ModelRun {
            forecast: runs.iter().map(|run| run.forecast()).collect(),
            trajectory: (0..=rounds)
                .map(|t| (0..p.actors.len()).map(|i| at(t, i)).collect())
                .collect(),
            probabilities: Vec::new(),
            dyads,
            rounds: (0..rounds)
                .map(|t| runs.iter().map(|run| run.rounds[t].median).collect())
                .collect(),
        })
    }
}
