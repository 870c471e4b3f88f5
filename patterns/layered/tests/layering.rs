//! The layering, enforced by the compiler: code outside the service cannot reach the
//! repository, and cannot make a `Registration` without parsing one. Regenerate the expected
//! messages after a toolchain update with
//! `TRYBUILD=overwrite cargo test -p layered --test layering`.

#[test]
fn only_the_service_reaches_the_repository_and_only_parsing_makes_a_registration() {
    trybuild::TestCases::new().compile_fail("tests/compile_fail/*.rs");
}
