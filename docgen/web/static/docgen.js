// Small touches on top of pages that work without this file: upload progress, and the
// bases picker of the drafting form. Plain JavaScript, no build step.
"use strict";

function uploadWithProgress(form) {
  const box = document.getElementById("upload-progress");
  const bar = box.querySelector("progress");
  const label = box.querySelector("span");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    box.hidden = false;
    bar.value = 0;
    const request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.upload.onprogress = (e) => {
      if (e.lengthComputable) {
        bar.value = Math.round((100 * e.loaded) / e.total);
        label.textContent = `Đang tải lên: ${bar.value}%`;
      }
    };
    request.upload.onload = () => {
      bar.removeAttribute("value");
      label.textContent = "Đang đọc và lưu văn bản…";
    };
    request.onload = () => {
      const page = new DOMParser().parseFromString(request.responseText, "text/html");
      const results = page.getElementById("results");
      if (request.status === 200 && results) {
        document.getElementById("results").replaceWith(results);
        bar.value = 100;
        label.textContent = "Xong";
        form.querySelector("input[type=file]").value = "";
      } else {
        label.textContent = `Không tải lên được (${request.status}): ${page.body.textContent.trim().slice(0, 200)}`;
      }
    };
    request.onerror = () => {
      label.textContent = "Mất kết nối tới máy chủ";
    };
    request.send(new FormData(form));
  });
}

function basesPicker(picker) {
  const list = document.getElementById("codes");
  picker.addEventListener("input", async () => {
    const response = await fetch("/draft-codes?prefix=" + encodeURIComponent(picker.value.trim()));
    if (!response.ok) return;
    const codes = await response.json();
    list.replaceChildren(...codes.map((code) => Object.assign(document.createElement("option"), { value: code })));
  });
  document.getElementById("basis-add").addEventListener("click", () => {
    const code = picker.value.trim();
    if (!code) return;
    const bases = document.getElementById("bases");
    const verb = document.getElementById("basis-verb").value;
    bases.value = (bases.value.trim() ? bases.value.trim() + "\n" : "") + `${verb} ${code}`;
    picker.value = "";
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const upload = document.getElementById("upload");
  if (upload) uploadWithProgress(upload);
  const picker = document.getElementById("basis-pick");
  if (picker) basesPicker(picker);
});
