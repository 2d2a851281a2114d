from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("people/", views.person_index, name="person_index"),
    path("people/<slug:slug>/", views.person_detail, name="person_detail"),
    path("productions/", views.production_index, name="production_index"),
    path("productions/<slug:slug>/", views.production_detail, name="production_detail"),
]
