// routes.js: which URL goes to which controller.
const express = require("express");
const userController = require("./userController");

// ANCHOR: routes
const router = express.Router();
router.post("/users", userController.register);
router.get("/users/:id", userController.get);
// ANCHOR_END: routes

module.exports = router;
