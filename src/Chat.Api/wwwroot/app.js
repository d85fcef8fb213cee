var n=document.getElementById("app"),e=document.createElement("main");e.className="auth";var t=document.createElement("h1");t.textContent="Chat";e.append(t);n.replaceChildren(e);
