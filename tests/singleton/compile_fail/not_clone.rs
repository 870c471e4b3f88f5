// There is one `Database`, and everyone borrows it. It is not `Clone`, so no code can quietly
// make a second one (the pool *inside* it is a cheap handle; `db.pool().clone()` shares it).
fn assert_clone<T: Clone>() {}

fn main() {
    assert_clone::<singleton::Database>();
}
