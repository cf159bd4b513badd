"""Calls a handwriting endpoint through Huawei Cloud's official Python SDK, signing
with AK/SK as a user of the cloud would, and prints the result or the error as JSON.

    python recognize.py ENDPOINT PROJECT_ID IMAGE   (AK and SK in HUAWEICLOUD_SDK_AK/SK)
"""
import base64
import json
import os
import sys

from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions.exceptions import ClientRequestException
from huaweicloudsdkocr.v1 import HandwritingRequestBody, OcrClient, RecognizeHandwritingRequest

endpoint, project, image = sys.argv[1:4]
credentials = BasicCredentials(os.environ["HUAWEICLOUD_SDK_AK"], os.environ["HUAWEICLOUD_SDK_SK"], project)
client = OcrClient.new_builder().with_credentials(credentials).with_endpoint(endpoint).build()
with open(image, "rb") as file:
    body = HandwritingRequestBody(image=base64.b64encode(file.read()).decode(), quick_mode=True)
try:
    response = client.recognize_handwriting(RecognizeHandwritingRequest(body=body))
    print(json.dumps({"result": response.to_dict()["result"]}, ensure_ascii=False))
except ClientRequestException as error:
    print(json.dumps({"status": error.status_code, "error_code": error.error_code, "error_msg": error.error_msg,
                      "request_id": error.request_id}))
