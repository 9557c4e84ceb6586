// A classic script that runs before the modules: when the module graph fails to load or to run (a file missing
// from a build, an engine without a feature a module uses), the page says why instead of staying blank.
(function () {
  var failure = null;
  window.addEventListener('error', function (event) {
    if (failure) return;
    var script = event.target && event.target.src;
    failure = script ? 'could not load ' + script.replace(location.origin, '') : event.message;
  }, true);
  document.addEventListener('DOMContentLoaded', function () {
    if (window.lighttrack) return; // main.js ran: its own errors show in the same place
    var message = document.getElementById('boot-error');
    message.textContent = 'The dashboard could not start: ' + (failure || 'its scripts did not run') + '.';
    message.hidden = false;
  });
})();
