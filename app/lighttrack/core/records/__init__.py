"""The records a user keeps and the services that change them: activities (start, stop, pause, edits, merge, split),
the named catalogs they refer to (projects, tags, categories), goals, classification rules and settings, each
validated here before the store sees it. `catalog` is the CRUD pattern the named records share; `activityfilter`
reads activity:getFiltered's filter; `quickentry` reads one typed line into an activity; `settingdefs` defines every
setting once (default, check, section, label, help, sync); `settings` reads and writes them."""
