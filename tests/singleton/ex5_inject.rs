//! Checks for exercise `singleton5`: `exercises/singleton/src/ex5_inject.rs`.

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/singleton/src/ex5_inject.rs"
)]
#[cfg_attr(feature = "wrong", path = "wip/ex5_inject.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/singleton/src/ex5_inject.rs"
)]
#[allow(unused)]
mod exercise;

use std::sync::Arc;

use exercise::{MemoryStore, SignupError, SignupService, UserStore};

// Every check builds its own stores and registers addresses no other check uses: a service that
// kept its users anywhere but in the store it was given shows up as such, not as a `Duplicate`.

/// Registers `email` for the first time in `store`, which `service` was given.
fn register_first(
    service: &SignupService,
    store: &dyn UserStore,
    email: &str,
) -> Result<String, SignupError> {
    let before = store.count();
    let result = service.register(email);
    if let Err(SignupError::Duplicate(_)) = &result {
        panic!(
            "register({email:?}) was refused as a Duplicate, but this check never registered \
             that address before, and the store it gave SignupService::new held {before} \
             users: the service must keep its users in the store it is given (`new` keeps the \
             store it is given), not in a store shared with other checks"
        );
    }
    result
}

#[test]
fn register_normalises_and_stores_the_address() {
    let store = Arc::new(MemoryStore::default());
    let service = SignupService::new(store.clone());
    let cases = [
        ("  Ada@Example.COM ", "ada@example.com"),
        ("\tGrace@Example.com\n", "grace@example.com"),
        ("\u{a0}Linus@Example.com\u{a0}", "linus@example.com"),
        ("ÉLODIE@EXEMPLE.FR", "élodie@exemple.fr"),
    ];
    for (count, (email, normalised)) in (1..).zip(cases) {
        assert_eq!(
            register_first(&service, &*store, email),
            Ok(normalised.to_owned()),
            "register({email:?}) should return the address trimmed and lowercased: \
             {normalised:?}"
        );
        assert_eq!(
            store.count(),
            count,
            "after register({email:?}) succeeded, the store given to SignupService::new should \
             hold {count} user(s): the service inserts into the store it is given"
        );
    }
}

#[test]
fn invalid_addresses_are_refused_with_the_normalised_address() {
    let store = Arc::new(MemoryStore::default());
    let service = SignupService::new(store.clone());
    let cases = [
        ("no-at-sign", "no-at-sign"),
        ("@example.com", "@example.com"),
        ("barbara@", "barbara@"),
        ("a@b@c", "a@b@c"),
        ("  Not-An-Email  ", "not-an-email"),
        (" Barbara@ ", "barbara@"),
        ("\t@Example.com", "@example.com"),
    ];
    for (email, normalised) in cases {
        assert_eq!(
            register_first(&service, &*store, email),
            Err(SignupError::Invalid(normalised.to_owned())),
            "register({email:?}) should be refused as Invalid, carrying the normalised address \
             {normalised:?} (trimmed and lowercased first; then exactly one `@` with text on \
             both sides)"
        );
        assert_eq!(
            store.count(),
            0,
            "register({email:?}) was refused as invalid, but the store now holds a user: an \
             invalid address is not inserted"
        );
    }
}

#[test]
fn duplicate_addresses_are_refused_with_the_normalised_address() {
    let store = Arc::new(MemoryStore::default());
    let service = SignupService::new(store.clone());
    assert_eq!(
        register_first(&service, &*store, "margaret@example.com"),
        Ok("margaret@example.com".to_owned()),
        "register(\"margaret@example.com\") on an empty store should succeed"
    );
    for again in ["margaret@example.com", " MARGARET@Example.com\t"] {
        assert_eq!(
            service.register(again),
            Err(SignupError::Duplicate("margaret@example.com".to_owned())),
            "after register(\"margaret@example.com\"), register({again:?}) should be refused as \
             a Duplicate carrying the normalised address \"margaret@example.com\""
        );
    }
    assert_eq!(
        store.count(),
        1,
        "one address registered three times: the store given to SignupService::new should hold 1 \
         user (the service keeps its users in the store it is given)"
    );
}

#[test]
fn services_given_separate_stores_do_not_see_each_other() {
    let (a, b) = (
        Arc::new(MemoryStore::default()),
        Arc::new(MemoryStore::default()),
    );
    let service_a = SignupService::new(a.clone());
    let service_b = SignupService::new(b.clone());
    assert_eq!(
        register_first(&service_a, &*a, "hedy@example.com"),
        Ok("hedy@example.com".to_owned()),
        "register(\"hedy@example.com\") on service a's empty store should succeed"
    );
    assert_eq!(
        service_b.register("hedy@example.com"),
        Ok("hedy@example.com".to_owned()),
        "service b was given a store of its own: the user registered through service a is not \
         a duplicate there"
    );
    assert_eq!(
        (a.count(), b.count()),
        (1, 1),
        "one user registered through each service: each store given to SignupService::new should \
         hold 1 user"
    );
}

#[test]
fn services_given_the_same_store_share_it() {
    let shared: Arc<dyn UserStore> = Arc::new(MemoryStore::default());
    let web = SignupService::new(shared.clone());
    let admin = SignupService::new(shared.clone());
    assert_eq!(
        register_first(&web, &*shared, "katherine@example.com"),
        Ok("katherine@example.com".to_owned()),
        "register(\"katherine@example.com\") on an empty store should succeed"
    );
    assert_eq!(
        admin.register("katherine@example.com"),
        Err(SignupError::Duplicate("katherine@example.com".to_owned())),
        "two services given clones of one Arc share one store: the user registered through the \
         first is a Duplicate through the second"
    );
    assert_eq!(
        shared.count(),
        1,
        "one user registered: the store given to both services should hold 1 user (each service \
         keeps its users in the store it is given)"
    );
}
