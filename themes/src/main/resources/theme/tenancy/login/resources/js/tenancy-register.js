// A registration that follows an invitation: the server pre-filled the invited e-mail; keep it. (Acceptance refuses
// another e-mail anyway: this only spares the invitee a dead end.)
const marker = document.getElementById("tenancy-invited-email");
const email = document.getElementById("email");

if (marker && email) {
  email.value = marker.dataset.email;
  email.readOnly = true;
  email.setAttribute("aria-readonly", "true");
  email.closest(".pf-v5-c-form-control")?.classList.add("pf-m-readonly");
}
