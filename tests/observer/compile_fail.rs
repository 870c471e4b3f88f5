//! What the typed emitter refuses to compile, and what the compiler says about it.
//!
//! Each file in `compile_fail/` must fail to build with exactly the message in the `.stderr`
//! file beside it. After a toolchain update changes the wording, review the new message and
//! regenerate with `TRYBUILD=overwrite cargo test -p checks-observer --test observer_compile_fail`.

#[test]
fn the_compiler_rejects_misuse_of_the_typed_emitter() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("compile_fail/*.rs");
}
