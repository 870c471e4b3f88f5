// A controller that wants to skip the business rules and write straight to the database (no
// duplicate check, no password hashing) has to name the repository. It cannot: the repository
// is a private module inside the service, and the compiler says so.
use layered::service::repository::SqlUserStore;

fn main() {}
