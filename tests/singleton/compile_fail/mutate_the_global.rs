// In JavaScript any module can write `Database.instance.maxConnections = 50`. A Rust static is
// shared by every thread, so it gives out shared references only: changing it without
// synchronisation does not compile. (To change a global, put a Mutex or an atomic in it.)
fn main() {
    singleton::CONFIG.max_connections = 50;
}
