// Initiates replica set rs0 of mongo1..3 unless it already is, then waits until it has a primary.
const members = [
  { _id: 0, host: "mongo1:27017" },
  { _id: 1, host: "mongo2:27017" },
  { _id: 2, host: "mongo3:27017" },
];
try {
  rs.status();
  print("replica set rs0 already initiated");
} catch (e) {
  if (e.codeName !== "NotYetInitialized") {
    throw e;
  }
  rs.initiate({ _id: "rs0", members: members });
  print("replica set rs0 initiated");
}
const deadline = Date.now() + 120000;
while (!db.hello().isWritablePrimary && !db.hello().primary) {
  if (Date.now() > deadline) {
    throw new Error("replica set rs0 has no primary after 120 s");
  }
  sleep(1000);
}
print("replica set rs0 has a primary: " + db.hello().primary);
