//! Checks for exercise `singleton5`: `exercises/singleton/src/ex5_inject.rs`.

#[cfg_attr(
    feature = "exercises",
    path = "../../exercises/singleton/src/ex5_inject.rs"
)]
#[cfg_attr(
    not(feature = "exercises"),
    path = "../../solutions/singleton/src/ex5_inject.rs"
)]
#[allow(unused)]
mod exercise;

use std::sync::Arc;

use exercise::{MemoryStore, SignupError, SignupService, UserStore};

#[test]
fn register_normalises_and_stores_the_address() {
    let store = Arc::new(MemoryStore::default());
    let service = SignupService::new(store.clone());
    assert_eq!(
        service.register("  Ada@Example.COM ").as_deref(),
        Ok("ada@example.com")
    );
    assert_eq!(
        store.count(),
        1,
        "the user should be in the store the service was given"
    );
}

#[test]
fn invalid_and_duplicate_addresses_are_refused() {
    let service = SignupService::new(Arc::new(MemoryStore::default()));
    for bad in ["no-at-sign", "@example.com", "ada@", "a@b@c"] {
        assert!(
            matches!(service.register(bad), Err(SignupError::Invalid(_))),
            "{bad:?} should be refused as invalid"
        );
    }
    service.register("grace@example.com").unwrap();
    assert_eq!(
        service.register("GRACE@example.com"),
        Err(SignupError::Duplicate("grace@example.com".to_owned())),
        "the same address in other case is a duplicate"
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
    service_a.register("linus@example.com").unwrap();
    assert_eq!(
        service_b.register("linus@example.com").as_deref(),
        Ok("linus@example.com"),
        "service b has its own store: a's user is not a duplicate there"
    );
    assert_eq!((a.count(), b.count()), (1, 1));
}

#[test]
fn services_given_the_same_store_share_it() {
    let shared: Arc<dyn UserStore> = Arc::new(MemoryStore::default());
    let web = SignupService::new(shared.clone());
    let admin = SignupService::new(shared.clone());
    web.register("ada@example.com").unwrap();
    assert_eq!(
        admin.register("ada@example.com"),
        Err(SignupError::Duplicate("ada@example.com".to_owned())),
        "two services given one Arc share one store"
    );
    assert_eq!(shared.count(), 1);
}
