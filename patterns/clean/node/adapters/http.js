// A way in: the use cases over HTTP, with node:http (Express would do the same job).
const http = require("node:http");
const { DomainError } = require("../domain/order");
const { OutOfStock } = require("./memoryStore");

function status(error) {
  if (error instanceof DomainError) return 422;
  if (error instanceof OutOfStock) return 409;
  if (error.notFound) return 404;
  return 500;
}

// ANCHOR: http
function httpServer({ placeOrder, confirmOrder }) {
  return http.createServer(async (req, res) => {
    const send = (code, body) => {
      res.writeHead(code, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    try {
      let body = "";
      for await (const chunk of req) body += chunk;
      const confirm = req.url.match(/^\/orders\/([\w-]+)\/confirm$/);
      if (req.method === "POST" && req.url === "/orders") {
        send(201, await placeOrder(JSON.parse(body)));
      } else if (req.method === "POST" && confirm) {
        send(200, await confirmOrder(confirm[1]));
      } else {
        send(404, { error: "no such route" });
      }
    } catch (error) {
      send(error instanceof SyntaxError ? 400 : status(error), { error: error.message });
    }
  });
}
// ANCHOR_END: http

module.exports = { httpServer, status };
