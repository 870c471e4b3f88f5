-- One database and one login per service: no service can read another's tables, because it
-- cannot even connect to them. (Compose runs this once, when the volume is new. The passwords
-- come from psql variables set from the secret files: `psql -v auth_password=...`.)
CREATE ROLE auth LOGIN PASSWORD :'auth_password';
CREATE DATABASE auth OWNER auth;
REVOKE CONNECT ON DATABASE auth FROM PUBLIC;
CREATE ROLE orders LOGIN PASSWORD :'orders_password';
CREATE DATABASE orders OWNER orders;
REVOKE CONNECT ON DATABASE orders FROM PUBLIC;
CREATE ROLE notifications LOGIN PASSWORD :'notifications_password';
CREATE DATABASE notifications OWNER notifications;
REVOKE CONNECT ON DATABASE notifications FROM PUBLIC;
