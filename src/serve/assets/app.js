// fap serve: keeps a solve's progress page current from the server's
// Server-Sent Events (the server sends its snapshot first, so a reconnecting
// tab catches up) and opens the round board once the solve has finished.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var job = document.getElementById("job");
  if (!job || !window.EventSource) return;
  var status = document.getElementById("job-status");
  var source = new EventSource(job.dataset.events);
  source.addEventListener("status", function (e) {
    var s = JSON.parse(e.data);
    if (s.state === "running") {
      status.textContent = "Working: " + s.stage + " (" + s.elapsed_s + " s).";
      return;
    }
    source.close();
    status.textContent = s.message || s.state;
    if (s.state === "done") window.location.assign(job.dataset.board);
  });
});
