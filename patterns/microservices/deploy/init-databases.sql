-- One database and one login per service: no service can read another's tables, because it
-- cannot even connect to them. (Compose runs this once, when the volume is new.)
CREATE ROLE auth LOGIN;
CREATE DATABASE auth OWNER auth;
CREATE ROLE orders LOGIN;
CREATE DATABASE orders OWNER orders;
CREATE ROLE notifications LOGIN;
CREATE DATABASE notifications OWNER notifications;
