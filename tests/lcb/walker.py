"""A line-for-line transliteration of the record walker in lcb/torrent.lcb
(_u8, _u16, _u32, _Len, _Take, _Record, _List, _Events), so that the
walker's algorithm runs on real bytes in CI. Same steps, same names, same
1-based read position (sPos). The key maps are read out of the .lcb itself
(its generated _fieldKey / _eventName), not restated here."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LCB = (ROOT / "lcb/torrent.lcb").read_text()
KTYPE_RAW = int(re.search(r"constant kTypeRaw is (\d+)", LCB).group(1))


def _handler_map(name):
    body = re.search(rf"private handler {name}\(.*?\n(.*?)\nend handler", LCB, re.S).group(1)
    return {int(k): v for k, v in re.findall(r'is (\d+) then\n\s*return "([^"]*)"', body)}


FIELD_KEY = _handler_map("_fieldKey")
EVENT_NAME = _handler_map("_eventName")


class Walker:
    def __init__(self):
        self.sPos = 1

    # byte sPos of pData (1-based, like LCB)
    def _u8(self, pData):
        tValue = pData[self.sPos - 1]
        self.sPos += 1
        return tValue

    def _u16(self, pData):
        tHigh = self._u8(pData)
        tLow = self._u8(pData)
        return tHigh * 256 + tLow

    def _u32(self, pData):
        tHigh = self._u16(pData)
        tLow = self._u16(pData)
        return tHigh * 65536 + tLow

    def _Len(self, pData):
        tLen = self._u16(pData)
        if tLen == 65535:
            tLen = self._u32(pData)
        return tLen

    def _Take(self, pData, pLen):
        if pLen <= 0:
            return b""
        # byte sPos to (sPos + pLen - 1) of pData
        tBytes = pData[self.sPos - 1:self.sPos - 1 + pLen]
        if len(tBytes) != pLen:
            raise IndexError("chunk out of range")  # LCB throws here
        self.sPos += pLen
        return tBytes

    def _fieldKey(self, pId):
        return FIELD_KEY.get(pId, "field" + str(pId))

    def _eventName(self, pCode):
        return EVENT_NAME.get(pCode, "torrentEvent")

    def _Record(self, pData):
        tRecord = {}
        tCount = self._u16(pData)
        for tIndex in range(1, tCount + 1):
            tId = self._u8(pData)
            tType = self._u8(pData)
            tLen = self._Len(pData)
            tValue = self._Take(pData, tLen)
            if tType == KTYPE_RAW:
                tRecord[self._fieldKey(tId)] = tValue
            else:
                tRecord[self._fieldKey(tId)] = tValue.decode("utf-8")
        return tRecord

    def _List(self, pData):
        tList = []
        if len(pData) < 2:
            return tList
        self.sPos = 1
        tCount = self._Len(pData)
        for tIndex in range(1, tCount + 1):
            tBody = self._Len(pData)
            tList.append(self._Record(pData))
        return tList

    def _Events(self, pData, xEvents):
        self.sPos = 1
        tCount = self._u16(pData)
        for tIndex in range(1, tCount + 1):
            tCode = self._u16(pData)
            tBody = self._Len(pData)
            tEvent = self._Record(pData)
            tEvent["code"] = tCode
            tEvent["name"] = self._eventName(tCode)
            xEvents.append(tEvent)
