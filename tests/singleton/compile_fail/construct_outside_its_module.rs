// JavaScript's `new Database()` can be called anywhere; the singleton then has to undo it by
// returning the first instance. In Rust the fields and the constructor of `Database` are
// private: outside its module there is no way to make one. `singleton::database()` is the door.
fn a_second_database(pool: sqlx::AnyPool) -> singleton::Database {
    singleton::Database { pool }
}

fn main() {}
