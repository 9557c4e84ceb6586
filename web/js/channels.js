// The channels the dashboard may use: the JS mirror of the Python registry (tests compare the two).
// A channel missing here is refused by the bridge before any transport sees it.

export const INVOKE_CHANNELS = Object.freeze([
  'activity:add', 'activity:bulkDelete', 'activity:bulkUpdate', 'activity:delete', 'activity:export', 'activity:get',
  'activity:getFiltered', 'activity:getRunning', 'activity:getTodayActivities', 'activity:merge', 'activity:parse',
  'activity:pause', 'activity:quickAdd', 'activity:restore', 'activity:resume', 'activity:split', 'activity:start',
  'activity:stop', 'activity:update', 'activitywatch:importCategories', 'analytics:comparePeriods',
  'analytics:getDailyStats', 'analytics:getMonthlyStats', 'analytics:getProductivityAnalysis',
  'analytics:getRangeStats', 'analytics:getTotals', 'analytics:getWeeklyStats', 'app:checkForUpdates', 'app:completeFirstRun',
  'app:declineFirstRun', 'app:getAutostart', 'app:getInfo', 'app:getPlatform', 'app:getVersion', 'app:getWelcome',
  'app:setAutostart', 'calendar:getEvents', 'calendar:toActivity', 'category:create', 'category:delete', 'category:get',
  'category:getAll', 'category:getRatings', 'category:update', 'client:create', 'client:delete', 'client:get',
  'client:getAll', 'client:update', 'data:deleteRange', 'export:backup', 'export:getDirectory', 'export:getFormats', 'export:getHistory',
  'export:run', 'focus:getStatus', 'focus:skip', 'focus:start', 'focus:stop', 'github:getCommitsPerProjectPerDay',
  'goal:create', 'goal:delete', 'goal:get', 'goal:getAll', 'goal:getProgress', 'goal:update', 'idle:getChoices',
  'idle:getPending', 'idle:resolve', 'import:getFormats', 'import:preview', 'import:previewText', 'import:run',
  'import:runText', 'integration:connect', 'integration:disconnect', 'integration:getStatus', 'integration:getTimeline',
  'integration:list', 'integration:syncNow', 'integration:test', 'jira:getProjects', 'jira:linkIssue',
  'privacy:forgetApp', 'project:create', 'project:delete', 'project:get', 'project:getAll', 'project:getColors', 'project:merge', 'project:update',
  'review:accept', 'review:getGaps', 'review:getSuggestions', 'review:proposeRule', 'review:reject', 'rules:create',
  'rules:delete', 'rules:getAll', 'rules:previewReapply', 'rules:reapply', 'rules:undoReapply', 'rules:update',
  'settings:describe', 'settings:get', 'settings:getAll', 'settings:getSchema', 'settings:set', 'sync:getConflicts',
  'sync:getDevices', 'sync:getHistory', 'sync:getStatus', 'sync:now', 'sync:pair', 'sync:removeDevice', 'sync:renameDevice', 'sync:resolve',
  'sync:unlock',
  'sync:restoreVersion', 'tag:create', 'tag:delete', 'tag:get', 'tag:getAll', 'tag:update', 'timeline:get',
  'timeline:getSummary', 'tracker:getStatus', 'tracker:setPaused',
]);

export const EVENT_CHANNELS = Object.freeze([
  'activities:imported', 'activities:merged', 'activity:deleted', 'activity:paused', 'activity:resumed',
  'activity:split', 'activity:started', 'activity:stopped', 'activity:updated', 'category:created', 'category:deleted',
  'category:updated', 'client:created', 'client:deleted', 'client:updated', 'data:deleted', 'export:completed', 'focus:break-started', 'focus:started', 'focus:stopped',
  'focus:work-started', 'goal:completed', 'goal:created', 'goal:deleted', 'goal:updated', 'idle:prompt-requested', 'idle:resolved',
  'idle:returned', 'idle:started', 'project:created', 'project:deleted', 'projects:merged', 'project:updated', 'reminder:shown',
  'review:changed', 'rule:created', 'rule:deleted', 'rule:updated', 'settings:changed', 'show-notification',
  'sync-status-changed', 'tag:created', 'tag:deleted', 'tag:updated', 'theme-changed', 'timeline:relabeled',
]);
