//! The layering, enforced by the compiler: code outside the service cannot reach the
//! repository. Regenerate the expected message after a toolchain update with
//! `TRYBUILD=overwrite cargo test -p layered --test layering`.

#[test]
fn only_the_service_can_reach_the_repository() {
    trybuild::TestCases::new().compile_fail("tests/compile_fail/*.rs");
}
