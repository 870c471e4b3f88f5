// The source material's layered API in Express, runnable: `npm ci && node app.js`
// (PORT sets the port, 3001 by default). The layered chapter shows these files, and
// compare.sh puts this server and the Rust one under the same load.
const express = require("express");
const routes = require("./routes");

// ANCHOR: app
const app = express();
app.use(express.json()); // parses JSON bodies into req.body; without it req.body is undefined
app.use(routes);
// ANCHOR_END: app

const port = Number(process.env.PORT || 3001);
app.listen(port, "127.0.0.1", () => console.log(`Express users API on http://127.0.0.1:${port}`));
