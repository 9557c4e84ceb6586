// The requests aw-webui's Activity view makes, in order, for `#/activity/<host>/<YYYY-MM-DD>`:
// its settings (categories), the buckets, then one query for the day built as aw-webui builds it
// (window events flooded, cut to the not-AFK time, categorized, merged by app / title / category).
'use strict';

async function api(path, body) {
  const init = body === undefined ? {} :
    {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)};
  const response = await fetch(`/api/0/${path}`, init);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

function activityQuery(bidWindow, bidAfk, categories) {
  return [
    `events = flood(query_bucket("${bidWindow}"));`,
    `not_afk = flood(query_bucket("${bidAfk}"));`,
    'not_afk = filter_keyvals(not_afk, "status", ["not-afk"]);',
    'events = filter_period_intersect(events, not_afk);',
    // like aw-webui: the rules as JSON, with JSON's doubled backslashes undone (query strings keep backslashes)
    `events = categorize(events, ${JSON.stringify(categories).replace(/\\\\/g, '\\')});`,
    'title_events = sort_by_duration(merge_events_by_keys(events, ["app", "title"]));',
    'app_events = sort_by_duration(merge_events_by_keys(title_events, ["app"]));',
    'cat_events = sort_by_duration(merge_events_by_keys(events, ["$category"]));',
    'app_events = limit_events(app_events, 100);',
    'title_events = limit_events(title_events, 100);',
    'duration = sum_durations(events);',
    'RETURN = {"window": {"app_events": app_events, "title_events": title_events, "cat_events": cat_events, ' +
      '"active_events": not_afk, "duration": duration}};',
  ];
}

function fill(table, rows) {
  for (const [key, seconds] of rows) {
    const row = table.insertRow();
    row.insertCell().textContent = key;
    row.insertCell().textContent = String(seconds);
  }
}

async function show() {
  const [, host, day] = location.hash.match(/^#\/activity\/([^/]+)\/(\d{4}-\d{2}-\d{2})$/);
  const settings = await api('settings');
  const categories = (settings.classes || []).map(c => [c.name, c.rule]);
  const buckets = Object.values(await api('buckets/'));
  const ofType = type => buckets.find(b => b.type === type && b.hostname === host).id;
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);
  const [result] = await api('query/', {
    query: activityQuery(ofType('currentwindow'), ofType('afkstatus'), categories),
    timeperiods: [`${day}T00:00:00+00:00/${next}T00:00:00+00:00`],
  });
  document.getElementById('duration').textContent = String(result.window.duration);
  fill(document.getElementById('apps'), result.window.app_events.map(e => [e.data.app, e.duration]));
  fill(document.getElementById('categories'),
       result.window.cat_events.map(e => [e.data.$category.join(' > '), e.duration]));
  document.body.dataset.ready = 'true';
}

show().catch(error => { document.getElementById('error').textContent = String(error); });
