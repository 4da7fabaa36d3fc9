//! The one conversion of command-line arguments into the libraries'
//! options. Defaults live in the libraries' `Default` impls; clap's
//! defaults only show them in `--help`, and a test holds the two equal.

use detente_analysis::forecast::{
    EuOptions, ForecastOptions, Models, Registry, SmpParams, Transitions,
};

use crate::args::ForecastArgs;

/// `detente forecast`'s arguments as forecast options.
pub fn forecast(a: &ForecastArgs) -> ForecastOptions {
    ForecastOptions {
        registry: Registry::default(),
        models: a.models.clone(),
        params: Models {
            eu: EuOptions {
                rounds: a.rounds,
                q: a.eu_q,
                t: a.eu_t,
                probability: a.eu_probability,
                risk: a.eu_risk,
                compromise: a.eu_compromise,
                capitulation: a.eu_capitulation,
            },
            smp: SmpParams {
                victory: a.smp_victory,
                pce: a.smp_pce,
                transitions: if a.smp_stochastic {
                    Transitions::Stochastic { seed: a.seed }
                } else {
                    Transitions::Deterministic
                },
                voting: a.smp_voting,
                big_r_adjust: a.smp_risk_adjust,
                big_r_range: a.smp_risk_range,
                third_party: a.smp_third_party,
                interpolation: a.smp_interpolation,
                bargain: a.smp_bargain,
                max_turns: a.smp_max_turns,
                ..SmpParams::default()
            },
        },
        runs: a.runs,
        seed: a.seed,
        noise: a.noise,
        sensitivity: a.sensitivity,
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use crate::args::{Cli, Command};

    /// `detente forecast` with no options runs exactly the libraries'
    /// defaults: the help text's defaults cannot drift from the code's.
    #[test]
    fn defaults_are_the_libraries_defaults() {
        let cli = Cli::parse_from(["detente", "forecast"]);
        let Command::Forecast(a) = &cli.command else {
            panic!("not forecast")
        };
        assert_eq!(
            super::forecast(a),
            detente_analysis::forecast::ForecastOptions::default()
        );
    }

    /// And every option reaches its parameter.
    #[test]
    fn options_reach_their_parameters() {
        let cli = Cli::parse_from([
            "detente",
            "forecast",
            "--smp-voting",
            "binary",
            "--eu-q",
            "0.5",
            "--smp-stochastic",
            "--seed",
            "9",
            "--model",
            "smp",
        ]);
        let Command::Forecast(a) = &cli.command else {
            panic!("not forecast")
        };
        let o = super::forecast(a);
        assert_eq!(o.models, ["smp"]);
        assert_eq!(o.params.eu.q, 0.5);
        assert_eq!(
            o.params.smp.voting,
            detente_analysis::forecast::VotingRule::Binary
        );
        assert_eq!(
            o.params.smp.transitions,
            detente_analysis::forecast::Transitions::Stochastic { seed: 9 }
        );
    }
}
