"""A cap on what one request may upload, checked while the upload streams in."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler


class UploadLimitHandler(FileUploadHandler):
    """Refuses a request whose files pass UPLOAD_MAX_BYTES (a 400) before they fill the disk.

    Well above a screenshot's own cap, so an editor's too-big file still gets
    its form error; this stops only what no form should be made to read."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_BYTES:
            raise RequestDataTooBig("The uploaded files are bigger than UPLOAD_MAX_BYTES.")
        return raw_data

    def file_complete(self, file_size):
        return None
