"""志愿服务: attendance of volunteer activities, sign-in sheets, hour awards and statistics."""

from .attendance import Attendance, AttendanceError
from .effects import AwardHours, FreezeAttendance
from .resolve import resolve_sheet
from .sheet import SheetRow, parse_rows, parse_text

__all__ = ["Attendance", "AttendanceError", "AwardHours", "FreezeAttendance", "SheetRow",
           "parse_text", "parse_rows", "resolve_sheet"]
