"""The benchmark's reference: the same PP-OCR models through their Python packaging
(rapidocr_onnxruntime 1.4.4 on onnxruntime 1.32.0), run the way quire runs them:
lines recognised whole (no detection, no orientation: quire's quick mode), pages with
the package's defaults. `quire-bench engines` installs it into a throwaway virtual
environment and talks to it image by image, so that both are timed in the same moments
of a shared machine; Quire itself never runs Python.

Protocol: one request per line on stdin, "line<TAB>path" or "page<TAB>path"; one JSON
object per line on stdout: {"text": the lines read joined by newlines, "seconds": the
call's time}. The models are loaded before the first request.
"""
import json
import sys
import time

from rapidocr_onnxruntime import RapidOCR

engine = RapidOCR()
print(json.dumps({"ready": True}), flush=True)
for request in sys.stdin:
    kind, path = request.rstrip("\n").split("\t", 1)
    started = time.perf_counter()
    if kind == "line":
        answer, _ = engine(path, use_det=False, use_cls=False, use_rec=True)
        texts = [item[0] for item in answer or []]
    else:
        answer, _ = engine(path)
        texts = [item[1] for item in answer or []]
    seconds = time.perf_counter() - started
    print(json.dumps({"text": "\n".join(texts), "seconds": seconds}, ensure_ascii=False), flush=True)
