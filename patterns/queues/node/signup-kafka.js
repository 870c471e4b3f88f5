// The source material's sign-up story with kafkajs on Kafka: the auth service produces
// userRegistered to a topic, keyed by the user; the email service reads it in a consumer group
// and commits each offset after the work, never before (autoCommit off). Run:
// KAFKA_BROKERS=127.0.0.1:9092 node signup-kafka.js
const { Kafka, logLevel } = require("kafkajs");

const brokers = (process.env.KAFKA_BROKERS || "127.0.0.1:9092").split(",");
const topic = `user-registered-node-${process.pid}`;
const kafka = new Kafka({ clientId: "signup", brokers, logLevel: logLevel.NOTHING });

// ANCHOR: produce
async function authService() {
  // On a real Kafka, add `idempotent: true` (a retried send is not stored twice), as the Rust
  // producer does. kafkajs asks for it with version 0 of the InitProducerId request, which the
  // Kafka-wire broker CI runs (tansu) refuses; librdkafka uses a later version, which it takes.
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic,
    acks: -1, // every in-sync replica has it before send() resolves
    messages: ["ada@example.com", "grace@example.com"].map((email) => ({
      key: email, // one user's events, one partition, in order
      value: JSON.stringify({ email }),
      headers: { "message-id": `${email}-signup` },
    })),
  });
  console.log("auth: produced userRegistered x2 (acknowledged)");
  await producer.disconnect();
}
// ANCHOR_END: produce

// ANCHOR: consume
async function emailService(sent) {
  const consumer = kafka.consumer({ groupId: `${topic}.consumers`, sessionTimeout: 6000 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: false, // kafkajs commits on its own schedule otherwise, work done or not
    eachMessage: async ({ partition, message }) => {
      const id = message.headers["message-id"].toString();
      const { email } = JSON.parse(message.value.toString());
      if (!sent.has(id)) {
        sent.add(id); // the idempotency key: the message id
        console.log(`email: welcome mail to ${email}`);
      }
      // After the work: the next offset to read is this one plus one.
      const next = (BigInt(message.offset) + 1n).toString();
      await consumer.commitOffsets([{ topic, partition, offset: next }]);
    },
  });
  return consumer;
}
// ANCHOR_END: consume

async function main() {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
  const sent = new Set();
  await authService();
  const consumer = await emailService(sent);
  for (let i = 0; i < 400 && sent.size < 2; i++) await new Promise((r) => setTimeout(r, 50));
  await consumer.disconnect();
  await admin.deleteTopics({ topics: [topic] });
  await admin.disconnect();
  if (sent.size !== 2) throw new Error(`expected 2 welcome mails, sent ${sent.size}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
