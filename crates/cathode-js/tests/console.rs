//! A script's `console` output looks as it would under Node.

mod support;

use support::{run_app, stdout_of};

#[tokio::test]
async fn log_joins_arguments_and_formats_objects_like_node() {
    let out = stdout_of("console.log('a', 1, {b: 2});").await;
    assert_eq!(out, "a 1 { b: 2 }\n");
}

#[tokio::test]
async fn nested_strings_are_quoted_and_arrays_spaced() {
    let out = stdout_of(
        "console.log({ s: 'str', q: \"it's\", k: [1, 2], 'not-ident': true, e: [], o: {} });",
    )
    .await;
    assert_eq!(
        out,
        "{ s: 'str', q: \"it's\", k: [ 1, 2 ], 'not-ident': true, e: [], o: {} }\n"
    );
}

#[tokio::test]
async fn objects_deeper_than_two_levels_are_abbreviated() {
    let out = stdout_of("console.log({ a: { b: { c: { d: 1 } } }, l: [[[[1]]]] });").await;
    assert_eq!(out, "{ a: { b: { c: [Object] } }, l: [ [ [Array] ] ] }\n");
}

#[tokio::test]
async fn long_objects_break_over_lines() {
    let out = stdout_of(
        "console.log({ alpha: 'aaaaaaaaaaaaaaaa', beta: 'bbbbbbbbbbbbbbbbbb', gamma: 'cccccccccccccccccccc', delta: 1 });",
    )
    .await;
    assert_eq!(
        out,
        "{\n  alpha: 'aaaaaaaaaaaaaaaa',\n  beta: 'bbbbbbbbbbbbbbbbbb',\n  gamma: 'cccccccccccccccccccc',\n  delta: 1\n}\n"
    );
}

#[tokio::test]
async fn format_specifiers_of_a_first_string_argument() {
    let out = stdout_of(
        "console.log('%s|%d|%i|%f|%j|%o|%O|%%|%c.', 'str', '42', 42.9, '1.5x', {a: [1]}, [1], {b: 'x'}, 'color: red');\n\
         console.log('%s and %s', 'only one');\n\
         console.log('%d', 1, 'extra', {x: 1});",
    )
    .await;
    assert_eq!(
        out,
        "str|42|42|1.5|{\"a\":[1]}|[ 1 ]|{ b: 'x' }|%|.\nonly one and %s\n1 extra { x: 1 }\n"
    );
}

#[tokio::test]
async fn values_of_every_kind_print_as_in_node() {
    let out = stdout_of(
        "console.log(null, undefined, true, -0, 10n, Symbol('s'), NaN);\n\
         console.log(function named() {}, () => {}, class Widget {}, async function af() {});\n\
         console.log(new Map([['k', { v: 1 }]]), new Set(['x']), [1, , 3], /re/g);\n\
         class Point { constructor() { this.x = 1; } }\n\
         console.log(new Point(), Object.create(null), [undefined, null]);\n\
         const o = { name: 'loop' }; o.self = o; console.log(o);",
    )
    .await;
    assert_eq!(
        out,
        "null undefined true -0 10n Symbol(s) NaN\n\
         [Function: named] [Function (anonymous)] [class Widget] [AsyncFunction: af]\n\
         Map(1) { 'k' => { v: 1 } } Set(1) { 'x' } [ 1, <1 empty item>, 3 ] /re/g\n\
         Point { x: 1 } [Object: null prototype] {} [ undefined, null ]\n\
         <ref *1> { name: 'loop', self: [Circular *1] }\n"
    );
}

#[tokio::test]
async fn an_error_prints_its_message_and_stack() {
    let out = stdout_of("function fail() { return new Error('boom') }\nconsole.log(fail());").await;
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("Error: boom"));
    let frame = lines.next().unwrap_or_default();
    assert!(
        frame.contains("at fail") && frame.contains("main.js:1"),
        "first frame: {frame}"
    );
}

#[tokio::test]
async fn warn_and_error_go_to_stderr_log_and_info_to_stdout() {
    let (result, output) = run_app(&[(
        "main.js",
        "console.log('l'); console.info('i'); console.warn('w'); console.error('e');",
    )])
    .await;
    assert_eq!(result.unwrap(), 0);
    assert_eq!(output.stdout(), "l\ni\n");
    assert_eq!(output.stderr(), "w\ne\n");
}

#[tokio::test]
async fn long_arrays_of_numbers_are_grouped_in_columns() {
    let out = stdout_of("console.log(Array.from({ length: 26 }, (_, i) => i * 3));").await;
    assert_eq!(
        out,
        "[\n   0,  3,  6,  9, 12, 15, 18, 21,\n  24, 27, 30, 33, 36, 39, 42, 45,\n  48, 51, 54, 57, 60, 63, 66, 69,\n  72, 75\n]\n"
    );
}
