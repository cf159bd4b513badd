"""The benchmark's reference: RapidOCR 3.10 (rapidocr 3.10.0 on onnxruntime 1.32.0) with
its default models (PP-OCRv6 small detection and recognition, the mobile orientation
classifier), run the way quire runs them: lines recognised whole (no detection, no
orientation: quire's quick mode), pages with the package's defaults. `quire-bench
engines` installs it into a throwaway virtual environment and talks to it image by
image, so that both are timed in the same moments of a shared machine; Quire itself
never runs Python.

Protocol: one request per line on stdin, "line<TAB>path" or "page<TAB>path"; one JSON
object per line on stdout: {"text": the lines read joined by newlines, "lines": how many
lines it found, "seconds": the call's time}. The models are loaded before the first
request, and each model has read once (a warm process).
"""
import json
import logging
import sys
import time

from rapidocr import RapidOCR

logging.disable(logging.CRITICAL)
engine = RapidOCR(params={"Global.log_level": "critical"})


def read(kind, path):
    if kind == "line":
        answer = engine(path, use_det=False, use_cls=False, use_rec=True)
    else:
        # Given each time: the package keeps the last call's choices.
        answer = engine(path, use_det=True, use_cls=True, use_rec=True)
    return [text for text in (answer.txts or ())]


if len(sys.argv) > 1:  # a first page and line, so that every session has run once
    read("page", sys.argv[1])
    read("line", sys.argv[1])
print(json.dumps({"ready": True}), flush=True)
for request in sys.stdin:
    kind, path = request.rstrip("\n").split("\t", 1)
    started = time.perf_counter()
    texts = read(kind, path)
    seconds = time.perf_counter() - started
    print(json.dumps({"text": "\n".join(texts), "lines": len(texts), "seconds": seconds}, ensure_ascii=False), flush=True)
