//! The README's table of Electron's `app`, `BrowserWindow` and `webContents` members stays true:
//! every member it lists as done exists in the CLI's `require('electron')`, and every member the
//! CLI has is listed as done.

mod common;

use std::collections::{BTreeSet, HashMap};

use common::{assert_exit, cathode, test_app, text};

/// The README's member sections: object name -> (done, listed otherwise), without events.
fn readme_sections() -> HashMap<String, (BTreeSet<String>, BTreeSet<String>)> {
    let readme = include_str!("../../../README.md");
    let start = readme
        .find("<!-- electron-members:start -->")
        .expect("the README has the members table");
    let end = readme
        .find("<!-- electron-members:end -->")
        .expect("the members table ends");
    let mut sections: HashMap<String, (BTreeSet<String>, BTreeSet<String>)> = HashMap::new();
    let mut current = String::new();
    for line in readme[start..end].lines() {
        if let Some(title) = line.strip_prefix("### ") {
            current = title.trim_matches('`').to_string();
            continue;
        }
        let Some(item) = line.strip_prefix("- **") else {
            continue;
        };
        let done = item.starts_with("Done");
        let names = item
            .split('`')
            .skip(1)
            .step_by(2)
            .filter(|name| !name.starts_with('\'') && !name.contains(' ') && !name.contains('<'))
            .map(str::to_string);
        let (listed_done, listed_other) = sections.entry(current.clone()).or_default();
        for name in names {
            if done {
                listed_done.insert(name);
            } else {
                listed_other.insert(name);
            }
        }
    }
    sections
}

#[test]
fn the_readmes_member_table_matches_what_the_cli_has() {
    let output = cathode(
        &[
            "run",
            "--headless",
            &test_app("member-list").to_string_lossy(),
        ],
        None,
    );
    assert_exit(&output, 0);
    let members: HashMap<String, BTreeSet<String>> =
        serde_json::from_str(text(&output.stdout).trim()).expect("the app prints JSON");
    let sections = readme_sections();
    for (object, (done, other)) in &sections {
        let have = &members[object.as_str()];
        let statics = &members["statics"];
        let exists = |name: &String| match name.strip_prefix("BrowserWindow.") {
            Some(name) => statics.contains(name),
            None => have.contains(name),
        };
        let missing: Vec<_> = done.iter().filter(|name| !exists(name)).collect();
        assert!(
            missing.is_empty(),
            "{object}: the README says done, the CLI lacks {missing:?}"
        );
        let unlisted: Vec<_> = other.iter().filter(|name| exists(name)).collect();
        assert!(
            unlisted.is_empty(),
            "{object}: the CLI has {unlisted:?}, the README says not done"
        );
    }
    assert_eq!(
        sections.len(),
        3,
        "app, BrowserWindow and webContents: {:?}",
        sections.keys()
    );
}
