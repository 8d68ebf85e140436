// The lesson page's side of an iamsim exercise embed (docs/embedding.md):
// load the exercise into the frame once it says it is ready, show the
// progress it reports, and unlock the next lesson when it is done.

// Where the simulator is served. On your site, its address (and in the
// page's Content-Security-Policy, its origin under frame-src):
//   const simulator = new URL("https://iamsim.example/");
// This copy sits beside the simulator, as the project's tests serve it:
const simulator = new URL("./", location.href);

const frame = document.getElementById("exercise");
const progress = document.getElementById("progress");
const statusLine = document.getElementById("status");
const next = document.getElementById("next");

// The exercise: the scenario format's `exercise` names the goal and the one
// policy the learner edits; the checks are the `requests` with an `expect`.
const exercise = {
  title: "Least privilege on one S3 prefix",
  exercise: {
    goal: "Make all five checks pass: reading and writing objects under monthly/, nothing more.",
    editable: [{ policy: "reports-access" }],
  },
  expect: { decision: "implicitDeny" },
  request: { principal: "arn:aws:iam::111122223333:user/dev", action: "s3:DeleteBucket", resource: "arn:aws:s3:::example-reports" },
  requests: [
    { name: "reads a monthly report", action: "s3:GetObject", resource: "arn:aws:s3:::example-reports/monthly/2024-06.csv", expect: { decision: "allowed" } },
    { name: "writes a monthly report", action: "s3:PutObject", resource: "arn:aws:s3:::example-reports/monthly/2024-07.csv", expect: { decision: "allowed" } },
    { name: "cannot read outside monthly/", action: "s3:GetObject", resource: "arn:aws:s3:::example-reports/payroll/2024-06.csv", expect: { decision: "implicitDeny" } },
    { name: "cannot delete a report", action: "s3:DeleteObject", resource: "arn:aws:s3:::example-reports/monthly/2024-06.csv", expect: { decision: "implicitDeny" } },
  ],
  identityPolicies: [{
    name: "reports-access",
    document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "arn:aws:s3:::example-reports/*" }] },
  }],
};

// `origin=` lets only this page drive the frame, and sends the frame's
// messages to this page only.
frame.src = new URL("?embed&origin=" + encodeURIComponent(location.origin), simulator).href;

window.addEventListener("message", (event) => {
  // Only the frame itself, from the simulator's origin, is listened to.
  if (event.source !== frame.contentWindow || event.origin !== simulator.origin) return;
  const message = event.data;
  if (typeof message !== "object" || message === null) return;
  switch (message.type) {
    case "iamsim:ready":
      frame.contentWindow.postMessage({ type: "iamsim:load", scenario: exercise }, simulator.origin);
      break;
    case "iamsim:exercise":
      progress.max = message.total;
      progress.value = message.passed;
      statusLine.className = message.done ? "done" : "";
      statusLine.textContent = message.done
        ? `Done: all ${message.total} checks pass.`
        : `${message.passed} of ${message.total} checks pass.`;
      // The learner may edit again after finishing: `done` can turn false.
      next.hidden = !message.done;
      break;
    case "iamsim:error":
      statusLine.textContent = `The exercise could not be loaded: ${message.message}`;
      break;
  }
});
