"""activity:* channels (the seed's preload list plus get, getRunning and restore)."""

from __future__ import annotations

from ..core import validate
from ..core.exchange.formats import EXPORT_FORMATS
from ..core.services import Services
from .params import ANY, ID, IDS, OBJ, TEXT, Param
from .registry import Registry


def register(registry: Registry, services: Services) -> None:
    acts = services.activities
    registry.register("activity:start", acts.start, OBJ("data"))
    registry.register("activity:stop", acts.stop, ID())
    registry.register("activity:pause", acts.pause, ID())
    registry.register("activity:resume", acts.resume, ID())
    registry.register("activity:merge", acts.merge, IDS("ids", minimum=2))
    registry.register("activity:split", acts.split, ID(), TEXT("splitTime"))
    registry.register("activity:bulkUpdate", acts.bulk_update, IDS(), OBJ("updates"))
    registry.register("activity:bulkDelete", acts.delete, IDS())
    registry.register("activity:getTodayActivities", acts.today)
    registry.register("activity:getFiltered", acts.filtered, OBJ("filter", required=False))
    registry.register("activity:add", acts.add, OBJ("data"))
    registry.register("activity:update", acts.update, ID(), OBJ("updates"))
    registry.register("activity:delete", lambda activity_id: acts.delete([activity_id])[0], ID())
    registry.register("activity:restore", acts.restore, ID())
    registry.register("activity:get", acts.get, ID())
    registry.register("activity:getRunning", acts.running)
    registry.register("activity:export", services.exports.export_activities, IDS(minimum=0),
                      Param("format", lambda v, f: validate.choice(v, f, EXPORT_FORMATS)),
                      ANY("options", required=False))
