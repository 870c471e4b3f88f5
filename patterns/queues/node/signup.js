// The source material's sign-up story with amqplib on RabbitMQ: the auth service publishes
// userRegistered, the email service consumes it and sends the welcome mail. Written the way
// RabbitMQ's tutorials teach it: a durable queue, persistent messages, a confirm channel,
// manual acks and a prefetch of 1. Run: AMQP_URL=amqp://localhost node signup.js
const amqp = require("amqplib");

const url = process.env.AMQP_URL || "amqp://guest:guest@127.0.0.1:5672/%2f";
const queue = `user-registered-node-${process.pid}`;

// ANCHOR: publish
async function authService(connection) {
  const channel = await connection.createConfirmChannel();
  await channel.assertQueue(queue, { durable: true });
  for (const email of ["ada@example.com", "grace@example.com"]) {
    const body = Buffer.from(JSON.stringify({ email }));
    channel.sendToQueue(queue, body, { persistent: true, messageId: `${email}-signup` });
  }
  await channel.waitForConfirms(); // the broker has them: now the sign-up can answer
  console.log("auth: published userRegistered x2 (confirmed)");
  await channel.close();
}
// ANCHOR_END: publish

// ANCHOR: consume
async function emailService(connection, sent) {
  const channel = await connection.createChannel();
  await channel.prefetch(1);
  await channel.consume(queue, async (msg) => {
    const { email } = JSON.parse(msg.content.toString());
    if (!sent.has(msg.properties.messageId)) {
      sent.add(msg.properties.messageId); // the idempotency key: the message id
      console.log(`email: welcome mail to ${email}${msg.fields.redelivered ? " (redelivered)" : ""}`);
    }
    channel.ack(msg); // after the work, never before
  }, { noAck: false });
  return channel;
}
// ANCHOR_END: consume

async function main() {
  const connection = await amqp.connect(url);
  const sent = new Set();
  await authService(connection);
  const consumer = await emailService(connection, sent);
  for (let i = 0; i < 100 && sent.size < 2; i++) await new Promise((r) => setTimeout(r, 50));
  await consumer.close();
  const admin = await connection.createChannel();
  await admin.deleteQueue(queue);
  await connection.close();
  if (sent.size !== 2) throw new Error(`expected 2 welcome mails, sent ${sent.size}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
