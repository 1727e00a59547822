/* "Als Checkliste drucken": progressive enhancement; without JavaScript the browser's own print
   command gives the same one-page checklist (templates/cms/practice_page.html + @media print). */
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
