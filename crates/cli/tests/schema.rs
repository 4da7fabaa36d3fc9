//! `detente schema`: the committed schemas are what the binary prints.

mod common;

use common::{detente, run};
use std::path::Path;

#[test]
fn schema_command_prints_the_committed_schema() {
    let r = run(detente().arg("schema"));
    assert_eq!(r.code, 0);
    let committed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/scenario.schema.json"),
    )
    .unwrap();
    assert_eq!(r.stdout, committed);
}
