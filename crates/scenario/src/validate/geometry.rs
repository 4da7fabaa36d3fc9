//! `[geometry]` → [`model::Geometry`]: paths present, zones complete for
//! their kind, proposals resolved. The files themselves are read by the
//! geometry lens at run time.

use super::Validator;
use crate::code::Code;
use crate::diagnostic::Diagnostic;
use crate::format::{self, ZoneKind};
use crate::model;
use crate::spanned::Spanned;

impl Validator<'_> {
    pub(super) fn geometry(
        &mut self,
        g: &format::Geometry,
        proposal_ids: &[String],
        issues: &[Option<model::Issue>],
    ) -> Option<model::Geometry> {
        let mut ok = true;
        let mut path = |p: &Spanned<String>, what: &str| -> String {
            if p.value.trim().is_empty() {
                self.push(
                    Diagnostic::new(
                        Code::InvalidGeometry,
                        format!("empty path for {what}"),
                        p.span(),
                    )
                    .label("no file named")
                    .help("give the file's path, relative to the scenario's directory"),
                );
                ok = false;
            }
            p.value.clone()
        };
        let occupied = path(&g.occupied, "the occupied area");
        let land = path(&g.land, "the land mask");
        let line = g.line.as_ref().map(|l| path(l, "the contact line"));
        let regions = g.regions.as_ref().map(|l| path(l, "the regions"));
        let settlements = g.settlements.as_ref().map(|l| path(l, "the settlements"));
        let earlier = g
            .earlier
            .iter()
            .map(|e| (e.date.value, path(&e.file, "an earlier snapshot")))
            .collect();
        // The sides of the front, named by actors.
        let mut side_actor = |a: &Option<Spanned<String>>| -> Option<String> {
            let a = a.as_ref()?;
            match self.resolve(a, super::Kind::Actor) {
                Some(_) => Some(a.value.clone()),
                None => {
                    ok = false;
                    None
                }
            }
        };
        let occupier = side_actor(&g.occupier);
        let holder = side_actor(&g.holder);
        let sides_help = format!(
            "say who withdraws: `side = \"{}\"` (holds the land outside the occupied area) or `\"{}\"` (holds the occupied area)",
            holder.as_deref().unwrap_or("holder"),
            occupier.as_deref().unwrap_or("occupier")
        );
        self.index(g.zone.iter().map(|z| &z.id), "zone");
        let mut zones = Vec::new();
        for z in &g.zone {
            let fail = |this: &mut Self, span: crate::spanned::Span, msg: String, help: &str| {
                this.push(
                    Diagnostic::new(Code::InvalidGeometry, msg, span)
                        .label("here")
                        .help(help.to_owned()),
                );
            };
            let needs_km = matches!(z.kind.value, ZoneKind::Symmetric | ZoneKind::Withdrawal);
            match (&z.km, needs_km) {
                (None, true) => {
                    fail(
                        self,
                        z.kind.span(),
                        format!("zone `{}` needs `km`", z.id.value),
                        "give the distance from the line, e.g. `km = 5`",
                    );
                    ok = false;
                }
                (Some(km), true)
                    if !(km.value.is_finite() && km.value > 0.0 && km.value <= 500.0) =>
                {
                    fail(
                        self,
                        km.span(),
                        format!("{} km is not a usable distance", km.value),
                        "give a positive distance of at most 500 km",
                    );
                    ok = false;
                }
                (Some(km), false) => {
                    fail(
                        self,
                        km.span(),
                        "a `regions` zone takes no `km`".to_string(),
                        "remove `km`, or make the zone `withdrawal`",
                    );
                    ok = false;
                }
                _ => {}
            }
            let needs_side = matches!(z.kind.value, ZoneKind::Withdrawal | ZoneKind::Regions);
            if needs_side && z.side.is_none() {
                fail(
                    self,
                    z.kind.span(),
                    format!("zone `{}` needs `side`", z.id.value),
                    &sides_help,
                );
                ok = false;
            }
            // Sides are matched to the ids as written, so an actor that
            // failed to resolve (already reported) raises nothing more here.
            let named =
                |a: &Option<Spanned<String>>, v: &str| a.as_ref().is_some_and(|a| a.value == v);
            let side = match z.side.as_ref() {
                None => None,
                Some(s) if s.value == "holder" || named(&g.holder, &s.value) => {
                    Some(model::ZoneSide::Holder)
                }
                Some(s) if s.value == "occupier" || named(&g.occupier, &s.value) => {
                    Some(model::ZoneSide::Occupier)
                }
                Some(s) => {
                    let named = g.holder.is_some() || g.occupier.is_some();
                    fail(
                        self,
                        s.span(),
                        if named {
                            format!("`{}` is neither side of the front", s.value)
                        } else {
                            format!(
                                "`{}` is not a side: `[geometry]` names no `holder` or `occupier`",
                                s.value
                            )
                        },
                        &if named {
                            sides_help.clone()
                        } else {
                            "name the sides in `[geometry]` (`holder = \"<actor>\"`, `occupier = \"<actor>\"`), or write `side = \"holder\"` or `\"occupier\"`".to_owned()
                        },
                    );
                    ok = false;
                    None
                }
            };
            if !needs_side && let Some(s) = &z.side {
                fail(
                    self,
                    s.span(),
                    "a `symmetric` zone takes no `side`".into(),
                    "remove `side`: both sides withdraw",
                );
                ok = false;
            }
            let regions = z
                .regions
                .as_ref()
                .map(|r| r.value.clone())
                .unwrap_or_default();
            if z.kind.value == ZoneKind::Regions && regions.is_empty() {
                let span = z.regions.as_ref().map_or(z.kind.span(), Spanned::span);
                fail(
                    self,
                    span,
                    format!("zone `{}` names no regions", z.id.value),
                    "list region ids, e.g. `regions = [\"UA-14\"]`",
                );
                ok = false;
            }
            if let Some(p) = &z.proposal
                && !proposal_ids.contains(&p.value)
            {
                let help = crate::suggest::help_for(
                    &p.value,
                    &proposal_ids.iter().map(String::as_str).collect::<Vec<_>>(),
                    "proposals are",
                )
                .unwrap_or_else(|| "give the id of a [[proposal]]".into());
                fail(
                    self,
                    p.span(),
                    format!("unknown proposal `{}`", p.value),
                    &help,
                );
                ok = false;
            }
            let issue = match (&z.issue, &z.value) {
                (Some(i), Some(v)) => match self.resolve(i, super::Kind::Issue) {
                    Some(r) => match issues[r.index].as_ref().and_then(|iss| self.value(v, iss)) {
                        Some(val) => Some((r, val)),
                        None => {
                            ok = false;
                            None
                        }
                    },
                    None => {
                        ok = false;
                        None
                    }
                },
                (None, None) => None,
                (Some(i), None) => {
                    fail(
                        self,
                        i.span(),
                        format!("zone `{}` names an issue but no `value`", z.id.value),
                        "add the issue value this zone stands for, e.g. `value = 100`",
                    );
                    ok = false;
                    None
                }
                (None, Some(v)) => {
                    fail(
                        self,
                        v.span(),
                        format!("zone `{}` gives a `value` but no `issue`", z.id.value),
                        "add `issue = \"<issue id>\"`",
                    );
                    ok = false;
                    None
                }
            };
            zones.push(model::GeoZone {
                issue,
                id: z.id.value.clone(),
                name: z.name.clone(),
                kind: z.kind.value,
                km: z.km.as_ref().map(|k| k.value),
                side,
                regions,
                grey: z.grey,
                proposal: z.proposal.as_ref().map(|p| p.value.clone()),
            });
        }
        ok.then(|| model::Geometry {
            occupied,
            occupier,
            holder,
            date: g.date.as_ref().map(|d| d.value),
            land,
            line,
            regions,
            region_id: g.region_id.clone().unwrap_or_else(|| "shapeISO".into()),
            region_name: g.region_name.clone().unwrap_or_else(|| "shapeName".into()),
            settlements,
            earlier,
            attribution: g.attribution.clone(),
            zones,
        })
    }
}
