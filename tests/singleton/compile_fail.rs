//! What the singleton's types refuse to compile, and what the compiler says about it.
//! Regenerate after a toolchain update with
//! `TRYBUILD=overwrite cargo test -p checks-singleton --test singleton_compile_fail`.

#[test]
fn the_compiler_enforces_the_singleton() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("compile_fail/*.rs");
}
