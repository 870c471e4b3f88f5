// userController.js: HTTP in, HTTP out.
const userService = require("./userService");

// ANCHOR: controller
exports.register = async (req, res) => {
  try {
    const user = await userService.register(req.body);
    res.status(201).json(user);
  } catch (err) {
    res.status(err.status || 500).json({ error: err.message });
  }
};

exports.get = async (req, res) => {
  try {
    res.json(await userService.get(req.params.id));
  } catch (err) {
    res.status(err.status || 500).json({ error: err.message });
  }
};
// ANCHOR_END: controller
